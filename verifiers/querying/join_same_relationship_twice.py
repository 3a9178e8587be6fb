"""Joining the same relationship twice gives one JOIN; two conditions on it need two aliased joins."""

import re
import warnings

from sqlalchemy import ForeignKey, String, exc, insert, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, aliased, mapped_column, relationship

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    name: Mapped[str] = mapped_column(String(50))
    addresses: Mapped[list["Address"]] = relationship()


class Address(Base):
    __tablename__ = "addresses"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    email: Mapped[str] = mapped_column(String(100))


def joined_tables(sql: str) -> list[str]:
    """What follows each JOIN keyword: the table and its alias, e.g. ``addresses AS addresses_1``."""
    return [m.group(1) for m in re.finditer(r"\bJOIN\s+(\w+(?:\s+AS\s+\w+)?)", sql, re.I)]


def like_targets(sql: str) -> list[str]:
    """The table or alias of each ``<name>.email LIKE`` in the statement, in order."""
    return re.findall(r"(\w+)\.email\s+LIKE", sql.replace('"', "").replace("`", ""), re.I)


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)
    with lab.engine.begin() as conn:
        conn.execute(insert(User), [{"id": 1, "name": "ada"}, {"id": 2, "name": "bob"}, {"id": 3, "name": "cy"}])
        conn.execute(
            insert(Address),
            [
                {"user_id": 1, "email": "ada@home.example"},
                {"user_id": 1, "email": "ada@work.example"},
                {"user_id": 2, "email": "bob@home.example"},
                {"user_id": 3, "email": "cy@work.example"},
            ],
        )

    naive = (
        select(User.name)
        .join(User.addresses)
        .where(Address.email.like("%@home.example"))
        .join(User.addresses)
        .where(Address.email.like("%@work.example"))
    )
    home, work = aliased(Address), aliased(Address)
    paired = (
        select(User.name)
        .join(User.addresses.of_type(home))
        .join(User.addresses.of_type(work))
        .where(home.email.like("%@home.example"), work.email.like("%@work.example"))
    )

    with Session(lab.engine) as session:
        with warnings.catch_warnings(record=True) as caught, lab.capture() as naive_sql:
            warnings.simplefilter("always")
            naive_run = lab.attempt("`naive`", lambda: session.scalars(naive).all())
        lab.fact("`naive`: raised nothing, warnings", [naive_run.ok, [str(w.message) for w in caught]])
        naive_rows = naive_run.value
        with lab.capture() as paired_sql:
            paired_rows = lab.fact("`paired` returns", session.scalars(paired).all())

        # The explanation's alternative: two any() conditions, which need no join.
        both_any = (
            select(User.name)
            .where(User.addresses.any(Address.email.like("%@home.example")))
            .where(User.addresses.any(Address.email.like("%@work.example")))
        )
        with lab.capture() as any_sql:
            any_rows = session.scalars(both_any).all()
        lab.fact("two any() conditions: (returns, has a JOIN)", [any_rows, any_sql.of_kind("SELECT")[0].has_join])

    naive_select, paired_select = naive_sql.of_kind("SELECT")[0], paired_sql.of_kind("SELECT")[0]
    naive_joins = lab.fact("`naive`: what its SELECT joins", joined_tables(naive_select.sql))
    lab.fact("`naive`: what each LIKE tests the email of", like_targets(naive_select.sql))
    paired_joins = lab.fact("`paired`: what its SELECT joins", joined_tables(paired_select.sql))
    lab.fact("`paired`: what each LIKE tests the email of", like_targets(paired_select.sql))

    return {
        "A": naive_rows == [],
        "B": naive_joins == ["addresses"],
        "C": naive_run.raised(exc.InvalidRequestError),
        "D": naive_rows == ["ada"],
        "E": paired_rows == ["ada"] and len(paired_joins) == 2 and len(set(paired_joins)) == 2,
        "F": naive_joins == ["addresses", "addresses"] and not naive_run.ok,
    }


if __name__ == "__main__":
    run_alone(__file__)

"""Joining the same relationship twice gives one JOIN; two conditions on it need two aliased joins."""

import re

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
        with lab.capture() as naive_sql:
            try:
                naive_rows = session.scalars(naive).all()
                naive_error = None
            except exc.SQLAlchemyError as error:
                naive_rows, naive_error = None, type(error).__name__
        lab.fact("`naive` returns / raises", (naive_rows, naive_error))
        with lab.capture() as paired_sql:
            paired_rows = lab.fact("`paired` returns", session.scalars(paired).all())

    naive_joins = lab.fact("`naive`: what its SELECT joins", joined_tables(naive_sql.of_kind("SELECT")[0].sql))
    paired_joins = lab.fact("`paired`: what its SELECT joins", joined_tables(paired_sql.of_kind("SELECT")[0].sql))

    return {
        "A": naive_rows == [],
        "B": naive_joins == ["addresses"],
        "C": naive_error == "InvalidRequestError",
        "D": naive_rows == ["ada"],
        "E": paired_rows == ["ada"] and len(paired_joins) == 2 and len(set(paired_joins)) == 2,
        "F": naive_joins == ["addresses", "addresses"] and naive_error is not None,
    }


if __name__ == "__main__":
    run_alone(__file__)

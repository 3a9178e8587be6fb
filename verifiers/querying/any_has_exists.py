"""Relationship any() is a correlated EXISTS; ~any() is NOT EXISTS; a many-to-one refuses any() and wants has()."""

import re

from sqlalchemy import ForeignKey, String, insert, select
from sqlalchemy.exc import InvalidRequestError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    addresses: Mapped[list["Address"]] = relationship(back_populates="user")


class Address(Base):
    __tablename__ = "addresses"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    email: Mapped[str] = mapped_column(String(100))
    user: Mapped[User] = relationship(back_populates="addresses")


def flat(sql: str) -> str:
    return re.sub(r"\s+", " ", sql).upper()


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)
    with lab.engine.begin() as conn:
        conn.execute(insert(User), [{"id": n, "name": f"u{n}"} for n in (1, 2, 3, 4)])
        conn.execute(insert(Address), [{"user_id": n, "email": f"u{n}@x.com"} for n in (1, 2, 3)])

    with Session(lab.engine) as session:
        with lab.capture() as with_sql:
            with_addresses = lab.fact(
                "names with any()",
                session.scalars(select(User.name).where(User.addresses.any()).order_by(User.id)).all(),
            )
        with lab.capture() as without_sql:
            without_addresses = lab.fact(
                "names with ~any()",
                session.scalars(select(User.name).where(~User.addresses.any()).order_by(User.id)).all(),
            )

    any_select = with_sql.of_kind("SELECT")[0]
    not_any_select = without_sql.of_kind("SELECT")[0]
    any_is_exists = lab.fact(
        "any(): an EXISTS subquery", any_select.mentions("EXISTS") and any_select.has_subquery
    )
    any_has_join = lab.fact("any(): the statement has a JOIN", any_select.has_join)
    any_has_distinct = lab.fact("any(): the statement has DISTINCT", any_select.mentions("DISTINCT"))
    lab.fact(
        "any(): the subquery ties addresses.user_id to users.id",
        "USERS.ID = ADDRESSES.USER_ID" in flat(any_select.sql) or "ADDRESSES.USER_ID = USERS.ID" in flat(any_select.sql),
    )
    lab.fact("any(): tables in the outer FROM", flat(any_select.sql).split(" WHERE ")[0].split(" FROM ")[1].strip())
    not_any_form = lab.fact(
        "~any(): the negation used",
        "NOT (EXISTS" if "NOT (EXISTS" in flat(not_any_select.sql)
        else "NOT IN" if "NOT IN" in flat(not_any_select.sql) else "other",
    )

    many_to_one_any = lab.attempt("Address.user.any()", lambda: Address.user.any())

    return {
        "A": any_has_join and any_has_distinct,
        "B": any_is_exists and not any_has_join and with_addresses == ["u1", "u2", "u3"],
        "C": without_addresses == ["u4"],
        "D": not_any_form == "NOT IN",
        "E": many_to_one_any.ok,
        "F": many_to_one_any.raised(InvalidRequestError, match=r"has\(\)"),
    }


if __name__ == "__main__":
    run_alone(__file__)

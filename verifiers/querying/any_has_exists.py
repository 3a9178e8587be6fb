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

    any_sql = flat(with_sql.of_kind("SELECT")[0].sql)
    not_any_sql = flat(without_sql.of_kind("SELECT")[0].sql)
    any_is_exists = lab.fact("any(): WHERE EXISTS (SELECT ...)", "WHERE EXISTS (SELECT" in any_sql)
    any_has_join = lab.fact("any(): the statement contains JOIN or DISTINCT", "JOIN" in any_sql or "DISTINCT" in any_sql)
    not_any_form = lab.fact(
        "~any(): the negation used", "NOT EXISTS" if "NOT (EXISTS" in not_any_sql or "NOT EXISTS" in not_any_sql
        else "NOT IN" if "NOT IN" in not_any_sql else "other",
    )

    try:
        Address.user.any()
        many_to_one_any = lab.fact("Address.user.any()", "built a clause")
    except InvalidRequestError as exc:
        many_to_one_any = lab.fact("Address.user.any()", f"{type(exc).__name__}: {exc}")

    return {
        "A": any_is_exists and not any_has_join and with_addresses == ["u1", "u2", "u3"],
        "B": any_has_join,
        "C": without_addresses == ["u4"],
        "D": not_any_form == "NOT IN",
        "E": many_to_one_any == "built a clause",
        "F": many_to_one_any.startswith("InvalidRequestError") and "has()" in many_to_one_any,
    }


if __name__ == "__main__":
    run_alone(__file__)

"""raiseload() refuses every lazy access; raiseload(sql_only=True) lets a many-to-one identity-map hit through."""

import re
from collections.abc import Callable
from typing import Any

from sqlalchemy import ForeignKey, String, insert, select
from sqlalchemy.exc import InvalidRequestError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, raiseload, relationship

from verifiers import Attempt, Lab, run_alone


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    addresses: Mapped[list["Address"]] = relationship(back_populates="user")

    def __repr__(self) -> str:
        return f"User(id={self.id})"


class Address(Base):
    __tablename__ = "addresses"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    email: Mapped[str] = mapped_column(String(100))
    user: Mapped[User] = relationship(back_populates="addresses")


def read(lab: Lab, label: str, read_attribute: Callable[[], Any]) -> tuple[Attempt, int]:
    """Read an attribute: what it gave (or raised), recorded as the fact ``label``, and how many statements that sent."""
    with lab.capture() as sql:
        outcome = lab.attempt(label, read_attribute)
    return outcome, len(sql.queries)


def lazy_named(outcome: Attempt) -> str | None:
    """The lazy setting an InvalidRequestError names ("... not available due to lazy='raise'")."""
    match = re.search(r"lazy='(\w+)'", outcome.message)
    return match.group(1) if match else None


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)
    with lab.engine.begin() as conn:
        conn.execute(insert(User), [{"id": 1, "name": "u1"}, {"id": 2, "name": "u2"}])
        conn.execute(insert(Address), [{"id": 10, "user_id": 1, "email": "a10@x.com"}, {"id": 20, "user_id": 2, "email": "a20@x.com"}])

    outcomes = {}
    for sql_only in (False, True):
        with Session(lab.engine) as session:
            u1 = session.get(User, 1)
            stmt = (
                select(Address)
                .where(Address.id.in_([10, 20]))
                .order_by(Address.id)
                .options(raiseload(Address.user, sql_only=sql_only))
            )
            a10, a20 = session.scalars(stmt).all()
            held = read(lab, f"sql_only={sql_only}, a10.user (user 1 held)", lambda: a10.user)
            outcomes[sql_only] = {
                "held": held,
                "held_is_u1": held[0].value is u1,
                "not_held": read(lab, f"sql_only={sql_only}, a20.user (user 2 not held)", lambda: a20.user),
            }
    plain, lenient = outcomes[False], outcomes[True]
    lab.fact("plain raiseload: exceptions reading a10.user, a20.user",
             [plain["held"][0].error_class, plain["not_held"][0].error_class])
    lab.fact("plain raiseload: the lazy setting the a10.user error names", lazy_named(plain["held"][0]))
    lab.fact("sql_only=True: exception reading a20.user", lenient["not_held"][0].error_class)
    lab.fact("sql_only=True: the lazy setting the a20.user error names", lazy_named(lenient["not_held"][0]))
    lab.fact("sql_only=True: statements sent reading a20.user", lenient["not_held"][1])

    collections = {}
    for sql_only in (False, True):
        with Session(lab.engine) as session:
            user = session.scalars(select(User).where(User.id == 1).options(raiseload(User.addresses, sql_only=sql_only))).one()
            collections[sql_only] = read(lab, f"raiseload(User.addresses, sql_only={sql_only}): len(user.addresses)",
                                         lambda: len(user.addresses))
    collection = collections[True]
    lab.fact("exception reading user.addresses under plain raiseload()", collections[False][0].error_class)
    lab.fact("exception reading user.addresses under raiseload(sql_only=True)", collection[0].error_class)
    lab.fact("statements sent reading user.addresses under raiseload(sql_only=True)", collection[1])

    # Without raiseload, the collection needs a SELECT even when its address is already in the identity map.
    with Session(lab.engine) as session:
        session.scalars(select(Address).where(Address.user_id == 1)).all()
        user = session.get(User, 1)
        _, lazy_statements = read(lab, "no raiseload, address 10 already held: len(user.addresses)", lambda: len(user.addresses))
        lab.fact("statements a plain lazy load of user.addresses sends, address 10 already held", lazy_statements)

    return {
        "A": plain["held_is_u1"] and plain["held"][1] == 0,
        "B": plain["held"][0].raised(InvalidRequestError) and plain["held"][1] == 0,
        "C": lenient["held"][0].ok and lenient["held_is_u1"] and lenient["held"][1] == 0,
        "D": lenient["not_held"][0].ok and lenient["not_held"][0].value is not None and lenient["not_held"][1] == 1,
        "E": collection[0].ok and collection[0].value == 1 and collection[1] == 1,
    }


if __name__ == "__main__":
    run_alone(__file__)

"""raiseload() refuses every lazy access; raiseload(sql_only=True) lets a many-to-one identity-map hit through."""

from sqlalchemy import ForeignKey, String, insert, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, raiseload, relationship

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


def read(lab: Lab, label: str, read_attribute):
    """Read an attribute; record what it gave (or raised) and how many statements that sent."""
    with lab.capture() as sql:
        try:
            value, error = read_attribute(), None
        except Exception as exc:  # options claim some reads raise: record which and how
            value, error = None, f"{type(exc).__name__}: {exc}"
    shown = f"User id={value.id}" if isinstance(value, User) else value
    lab.fact(f"{label}: value, error, statements sent", (shown, error, len(sql.queries)))
    return value, error, len(sql.queries)


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
                "held_is_u1": held[0] is u1,
                "not_held": read(lab, f"sql_only={sql_only}, a20.user (user 2 not held)", lambda: a20.user),
            }

    with Session(lab.engine) as session:
        user = session.scalars(select(User).where(User.id == 1).options(raiseload(User.addresses, sql_only=True))).one()
        collection = read(lab, "sql_only=True on User.addresses: len(user.addresses)", lambda: len(user.addresses))

    plain, lenient = outcomes[False], outcomes[True]
    return {
        "A": plain["held_is_u1"] and plain["held"][2] == 0,
        "B": plain["held"][1] is not None and plain["held"][1].startswith("InvalidRequestError") and plain["held"][2] == 0,
        "C": lenient["held_is_u1"] and lenient["held"][1] is None and lenient["held"][2] == 0,
        "D": lenient["not_held"][1] is None and lenient["not_held"][0] is not None and lenient["not_held"][2] == 1,
        "E": collection[1] is None and collection[0] == 1 and collection[2] == 1,
    }


if __name__ == "__main__":
    run_alone(__file__)

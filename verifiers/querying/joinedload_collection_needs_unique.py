"""A joined eager load of a collection makes 2.0-style results refuse to hand back rows until unique() is called."""

from sqlalchemy import ForeignKey, String, insert, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, joinedload, mapped_column, relationship

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


def outcome(call):
    """What a call gives back: ("returned", value) or ("raised", "ExceptionClass: message")."""
    try:
        return "returned", call()
    except Exception as error:  # the options claim some of these raise: record which and how
        return "raised", f"{type(error).__name__}: {error}"


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)
    with lab.engine.begin() as conn:
        conn.execute(insert(User), [{"id": n, "name": f"u{n}"} for n in (1, 2, 3)])
        conn.execute(insert(Address), [{"user_id": n, "email": f"u{n}_{k}@x.com"} for n in (1, 2, 3) for k in (0, 1)])

    stmt = select(User).options(joinedload(User.addresses)).order_by(User.id)

    with Session(lab.engine) as session:
        with lab.capture() as executing:
            result = session.scalars(stmt)
        selects_at_execute = lab.fact("SELECTs sent by session.scalars(stmt)", executing.count("SELECT"))
        plain_all = lab.fact("result.all() without unique()", outcome(result.all))
        result.close()

    with Session(lab.engine) as session:
        with lab.capture() as uniqued:
            users = session.scalars(stmt).unique().all()
            collections = lab.fact("unique().all(): addresses per user id", {u.id: len(u.addresses) for u in users})
        uniqued_selects = lab.fact("SELECTs sent by unique().all() and reading the collections", uniqued.count("SELECT"))

    with Session(lab.engine) as session:
        many_to_one = outcome(lambda: session.scalars(select(Address).options(joinedload(Address.user))).all())
        lab.fact("joinedload(Address.user) .all() without unique(): result or error", many_to_one[0])
        addresses_back = len(many_to_one[1]) if many_to_one[0] == "returned" else None
        lab.fact("addresses returned by the many-to-one joinedload", addresses_back)

    with Session(lab.engine) as session:
        single = outcome(lambda: session.scalars(stmt.where(User.id == 2)).one())
        lab.fact("where(User.id == 2) ... .one() without unique()", single if single[0] == "raised" else ("returned", single[1].id))

    with Session(lab.engine) as session:
        legacy = outcome(lambda: session.query(User).options(joinedload(User.addresses)).all())
        lab.fact("legacy Query .all(): users returned, or the error", len(legacy[1]) if legacy[0] == "returned" else legacy)

    asks_for_unique = plain_all[0] == "raised" and plain_all[1].startswith("InvalidRequestError") and "unique()" in plain_all[1]
    return {
        "A": selects_at_execute == 1 and asks_for_unique,
        "B": plain_all[0] == "returned" and len(plain_all[1]) == 6,
        "C": collections == {1: 2, 2: 2, 3: 2} and uniqued_selects == 1,
        "D": addresses_back == 6,
        "E": single[0] == "returned",
        "F": legacy[0] == "raised" and "unique()" in legacy[1],
    }


if __name__ == "__main__":
    run_alone(__file__)

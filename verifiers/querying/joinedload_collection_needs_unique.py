"""A joined eager load of a collection makes 2.0-style results refuse to hand back rows until unique() is called."""

from sqlalchemy import ForeignKey, String, insert, select
from sqlalchemy.exc import InvalidRequestError
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
        lab.fact("the SELECT has a LEFT OUTER JOIN", executing.of_kind("SELECT")[0].mentions("LEFT OUTER JOIN"))
        plain_all = lab.attempt("result.all() without unique()", result.all)
        result.close()
        lab.fact("result.all(): the message up to its first comma", plain_all.message.split(",")[0])

        looping = session.scalars(stmt)
        loop = lab.attempt("a loop over the result without unique()", lambda: [user.id for user in looping])
        looping.close()
        lab.fact("a loop over the result without unique(): the class raised", loop.error_class)

    with lab.engine.connect() as conn:
        lab.fact("rows the same statement gives on a Connection", len(conn.execute(stmt).all()))

    with Session(lab.engine) as session:
        with lab.capture() as uniqued:
            users = session.scalars(stmt).unique().all()
            collections = lab.fact("unique().all(): addresses per user id", {u.id: len(u.addresses) for u in users})
        uniqued_selects = lab.fact("SELECTs sent by unique().all() and reading the collections", uniqued.count("SELECT"))

    with Session(lab.engine) as session, lab.capture():
        many_to_one = lab.attempt(
            "joinedload(Address.user) .all() without unique()",
            lambda: len(session.scalars(select(Address).options(joinedload(Address.user))).all()),
        )

    with Session(lab.engine) as session, lab.capture():
        single = lab.attempt(
            "where(User.id == 2) ... .one() without unique()", lambda: session.scalars(stmt.where(User.id == 2)).one().id
        )
        lab.fact("where(User.id == 2) ... .one(): the class raised", single.error_class)

    with Session(lab.engine) as session, lab.capture():
        legacy = lab.attempt(
            "legacy Query .all(): users returned", lambda: len(session.query(User).options(joinedload(User.addresses)).all())
        )

    return {
        "A": legacy.raised(InvalidRequestError, match=r"unique\(\)"),
        "B": plain_all.ok and len(plain_all.value) == 6,
        "C": collections == {1: 2, 2: 2, 3: 2} and uniqued_selects == 1,
        "D": many_to_one.ok and many_to_one.value == 6,
        "E": single.ok,
        "F": selects_at_execute == 1 and plain_all.raised(InvalidRequestError, match=r"unique\(\)"),
    }


if __name__ == "__main__":
    run_alone(__file__)

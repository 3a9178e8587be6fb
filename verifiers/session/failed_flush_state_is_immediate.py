"""A failed flush rolls back at once: before rollback() is called, new objects are transient and loaded ones expired."""

from sqlalchemy import String, exc
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "app_user"
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(100), unique=True)
    name: Mapped[str] = mapped_column(String(50))


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        Base.metadata.create_all(lab.engine)
        with Session(lab.engine) as seed:
            seed.add(User(email="ada@example.com", name="Ada"))     # id 1
            seed.commit()

    with Session(lab.engine) as session:
        ada = session.get(User, 1)
        ada.name = "Ada Lovelace"
        bob = User(email="bob@example.com", name="Bob")
        session.add(bob)
        with lab.capture() as first:
            session.flush()                                          # (1)
        lab.fact("statements flush (1) sent", first.queries.kinds())
        dup = User(email="ada@example.com", name="Dup")
        session.add(dup)
        with lab.capture() as second:
            flush = lab.attempt("flush (2)", session.flush)
        lab.fact("statements flush (2) sent", second.kinds())

        # (here): before session.rollback()
        bob_state = lab.fact("bob at (here)", lab.state(bob))
        dup_state = lab.fact("dup at (here)", lab.state(dup))
        ada_state = lab.fact("ada at (here)", lab.state(ada))
        bob_id = lab.fact("bob.id at (here)", bob.id)
        is_active = lab.fact("session.is_active at (here)", session.is_active)
        in_transaction = lab.fact("session.in_transaction() at (here)", session.in_transaction())
        with lab.capture() as reading:
            read = lab.attempt("reading ada.name at (here)", lambda: ada.name)
        lab.fact("reading ada.name at (here) raises PendingRollbackError", read.raised(exc.PendingRollbackError))
        lab.fact("statements reading ada.name sent", reading.count())

        session.rollback()
        lab.fact("ada.name after rollback()", ada.name)
        session.add(bob)
        with lab.capture() as re_adding:
            session.flush()
        lab.fact("adding bob again INSERTs id 2", 2 in re_adding.of_kind("INSERT")[0].values)
        session.rollback()

    return {
        "A": bob_state.persistent and dup_state.transient,
        "B": bob_state.transient and dup_state.transient and bob_id == 2,
        "C": read.ok and read.value == "Ada Lovelace",
        "D": ada_state.persistent and set(ada_state.expired_attributes) == {"id", "email", "name"},
        "E": is_active is False and in_transaction is True,
        "F": bob_state.persistent and dup_state.pending and not ada_state.expired_attributes,
    }


if __name__ == "__main__":
    run_alone(__file__)

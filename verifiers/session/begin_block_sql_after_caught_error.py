"""Inside `with session.begin():`, a statement after a caught flush error raises InvalidRequestError, not PendingRollbackError."""

from sqlalchemy import String, func, select
from sqlalchemy.exc import IntegrityError, InvalidRequestError, PendingRollbackError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "app_user"
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(100), unique=True)


CLOSED = "Can't operate on closed transaction inside context manager"


def count_users(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(User))


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)
    with lab.setup(), Session(lab.engine) as setup:
        setup.add(User(email="ada@example.com"))
        setup.commit()

    with Session(lab.engine) as session:
        with lab.capture() as block:
            with session.begin():
                session.add(User(email="ada@example.com"))
                with lab.capture() as flushing:
                    flush = lab.attempt("session.flush() of the duplicate", session.flush)
                lab.fact("session.is_active after the failed flush", session.is_active)
                with lab.capture() as querying:
                    query = lab.attempt("(here) the query", lambda: count_users(session))
        lab.fact("the flush raised IntegrityError", flush.raised(IntegrityError))
        lab.fact("statements the failed flush sent", flushing.kinds())
        lab.fact("statements the query sent", querying.kinds())
        lab.fact("the message quotes the original IntegrityError", str(flush.error.orig) in query.message)
        lab.fact("transaction flow of the whole block", block.transaction_flow())

    # Variant: commit() at the same point.
    with Session(lab.engine) as session:
        with session.begin():
            session.add(User(email="ada@example.com"))
            try:
                session.flush()
            except IntegrityError:
                pass
            commit = lab.attempt("session.commit() at (here)", session.commit)
    lab.fact("class session.commit() raised at (here)", commit.error_class)

    # Variant: the flush that may fail runs inside a savepoint.
    with Session(lab.engine) as session:
        with session.begin():
            try:
                with session.begin_nested():
                    session.add(User(email="ada@example.com"))
            except IntegrityError:
                pass
            lab.fact("the query after a failed begin_nested() block returns", count_users(session))

    return {
        "A": query.raised(PendingRollbackError),
        "B": query.raised(InvalidRequestError, match=CLOSED) and querying.count() == 0,
        "C": query.ok and query.value == 1 and querying.count("SELECT") == 1 and querying.count("BEGIN") == 1,
        "D": query.raised(IntegrityError),
        "E": commit.raised(InvalidRequestError, match=CLOSED),
    }


if __name__ == "__main__":
    run_alone(__file__)

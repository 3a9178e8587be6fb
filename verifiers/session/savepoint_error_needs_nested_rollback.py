"""After a failed flush inside begin_nested(), the session is refused until that savepoint is rolled back."""

from collections.abc import Callable

from sqlalchemy import String, func, select
from sqlalchemy.exc import IntegrityError, PendingRollbackError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Book(Base):
    __tablename__ = "book"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    title: Mapped[str] = mapped_column(String(100))


def outcome(call: Callable[[], object]) -> object:
    """What ``call()`` returned, or the name of the PendingRollbackError it raised."""
    try:
        return call()
    except PendingRollbackError as error:
        return type(error).__name__


def count_books(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Book))


def committed_ids(lab: Lab) -> list[int]:
    with lab.other_connection() as other:
        return list(other.scalars(select(Book.id).order_by(Book.id)))


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)
    with Session(lab.engine) as setup:
        setup.add(Book(id=1, title="Dune"))
        setup.commit()

    with Session(lab.engine) as session:
        session.add(Book(id=2, title="Kept"))
        sp = session.begin_nested()
        session.add(Book(id=1, title="Duplicate"))
        try:
            session.flush()
            flush_error = None
        except IntegrityError as error:
            flush_error = type(error).__name__
        lab.fact("flush() inside the savepoint raised", flush_error)

        nested_at_1 = lab.fact("session.in_nested_transaction() at (1)", session.in_nested_transaction())
        at_1 = lab.fact("query at (1)", outcome(lambda: count_books(session)))
        sp.rollback()
        at_2 = lab.fact("query at (2)", outcome(lambda: count_books(session)))
        session.add(Book(id=3, title="Later"))
        try:
            session.commit()
            commit_error = None
        except PendingRollbackError as error:
            commit_error = type(error).__name__
            session.rollback()
    lab.fact("commit() raised", commit_error)
    ids = lab.fact("ids another connection finds after commit", committed_ids(lab))

    return {
        "A": at_1 == "PendingRollbackError",
        "B": isinstance(at_1, int),
        "C": nested_at_1,
        "D": at_2 == "PendingRollbackError" or 2 not in ids,
        "E": commit_error is None and ids == [1, 2, 3],
    }


if __name__ == "__main__":
    run_alone(__file__)

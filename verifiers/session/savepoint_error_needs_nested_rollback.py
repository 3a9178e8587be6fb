"""After a failed flush inside begin_nested(), the session is refused until that savepoint is rolled back."""

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
        with lab.capture() as beginning:
            sp = session.begin_nested()
        lab.fact("statements begin_nested() sent", beginning.kinds())
        duplicate = Book(id=1, title="Duplicate")
        session.add(duplicate)
        with lab.capture() as flushing:
            flush = lab.attempt("flush() inside the savepoint", session.flush)
        lab.fact("statements the failed flush sent", flushing.kinds())
        lab.fact("the duplicate is in the session after the failed flush", duplicate in session)

        nested_at_1 = lab.fact("session.in_nested_transaction() at (1)", session.in_nested_transaction())
        lab.fact("sp.is_active at (1)", sp.is_active)
        at_1 = lab.attempt("query at (1)", lambda: count_books(session))
        with lab.capture() as rolling_back:
            sp.rollback()
        lab.fact("statements sp.rollback() sent", rolling_back.kinds())
        at_2 = lab.attempt("query at (2)", lambda: count_books(session))
        session.add(Book(id=3, title="Later"))
        commit = lab.attempt("commit()", session.commit)
    ids = lab.fact("ids another connection finds after commit", committed_ids(lab))

    # The same failure inside a `with session.begin_nested():` block.
    with Session(lab.engine) as session:

        def failing_block() -> None:
            with session.begin_nested():
                session.add(Book(id=1, title="Duplicate"))
                session.flush()

        lab.attempt("a with begin_nested() block whose flush fails", failing_block)
        after_block = lab.attempt("a query after the with block", lambda: count_books(session))
        lab.fact("a query after the with block runs", after_block.ok)

    return {
        "A": at_1.ok,
        "B": flush.raised(IntegrityError) and at_1.raised(PendingRollbackError),
        "C": nested_at_1,
        "D": at_2.raised(PendingRollbackError) or 2 not in ids,
        "E": commit.ok and ids == [1, 2, 3],
    }


if __name__ == "__main__":
    run_alone(__file__)

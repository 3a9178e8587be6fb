"""Leaving `with Session(engine)` only closes the session: flushed but uncommitted rows are rolled back."""

from sqlalchemy import String, func, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Book(Base):
    __tablename__ = "book"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(100))


def rows_another_connection_counts(lab: Lab) -> int:
    with lab.other_connection() as other:
        return other.scalar(select(func.count()).select_from(Book))


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)

    with lab.capture() as block:
        exit_error = None
        try:
            with Session(lab.engine) as session:
                book = Book(title="Dune")
                session.add(book)
                session.flush()
                flushed_id = book.id
        except Exception as error:  # the question asks whether leaving the block raises
            exit_error = error
    lab.fact("exception raised when leaving the block", type(exit_error).__name__ if exit_error else None)
    lab.fact("book.id after the flush", flushed_id)
    flow = lab.fact("transaction flow of the block", block.transaction_flow())
    lab.fact("statements the block sent", block.kinds())
    lab.fact("connections checked out after the block", lab.engine.pool.checkedout())
    rows = lab.fact("rows another connection counts after the block", rows_another_connection_counts(lab))
    lab.fact("book is in the session after the block", book in session)
    lab.fact("book after the block", lab.state(book).status)

    # For contrast: the same work inside `with session.begin():` commits when that block ends.
    with Session(lab.engine) as session:
        with session.begin():
            session.add(Book(title="Emma"))
    lab.fact("rows another connection counts after a session.begin() block", rows_another_connection_counts(lab))

    with sessionmaker(lab.engine).begin() as session:
        session.add(Book(title="Emma"))
    lab.fact(
        "rows another connection counts after a sessionmaker(engine).begin() block",
        rows_another_connection_counts(lab),
    )

    return {
        "A": exit_error is None and rows == 1 and "COMMIT" in flow,
        "B": exit_error is None and rows == 1 and "COMMIT" not in flow,
        "C": exit_error is None and rows == 0 and flow == ["BEGIN"],
        "D": exit_error is not None,
        "E": exit_error is None and rows == 0 and block.kinds() == ["BEGIN", "INSERT", "ROLLBACK"],
    }


if __name__ == "__main__":
    run_alone(__file__)

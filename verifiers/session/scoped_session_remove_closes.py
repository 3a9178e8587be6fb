"""scoped_session.remove() closes the thread's Session (rolling back its transaction) and discards it; close() keeps it."""

from sqlalchemy import String, func, select
from sqlalchemy.exc import InvalidRequestError
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, scoped_session, sessionmaker

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Book(Base):
    __tablename__ = "book"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    title: Mapped[str] = mapped_column(String(50))


def rows_counted(lab: Lab) -> int:
    with lab.other_connection() as other:
        return other.scalar(select(func.count()).select_from(Book))


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)

    # The question's code.
    Sess = scoped_session(sessionmaker(bind=lab.engine))
    try:
        book = Book(id=1, title="Dune")
        Sess.add(book)
        Sess.flush()
        first = Sess()
        with lab.capture() as removing:
            Sess.remove()  # (1)
        second = Sess()
        lab.fact("statements remove() sent", removing.kinds())
        checked_out = lab.fact("connections checked out after remove()", lab.engine.pool.checkedout())
        rows = lab.fact("rows another connection counts after remove()", rows_counted(lab))
        book_state = lab.fact("state of book after remove()", lab.state(book).status)
        lab.fact("book.title read after remove()", book.title)
        is_same = lab.fact("second is first", second is first)
        reuse = lab.attempt("first.scalar(select(1)) after remove()", lambda: first.scalar(select(1)))
        first.close()
    finally:
        Sess.remove()

    # For comparison: Sess.close() closes the thread's Session but keeps it in the registry.
    Sess = scoped_session(sessionmaker(bind=lab.engine))
    try:
        before_close = Sess()
        Sess.add(Book(id=2, title="Emma"))
        Sess.flush()
        with lab.capture() as closing:
            Sess.close()
        lab.fact("statements Sess.close() sent", closing.kinds())
        after_close_same = lab.fact("after Sess.close(): Sess() is the same Session", Sess() is before_close)
        lab.fact("rows another connection counts after Sess.close()", rows_counted(lab))
    finally:
        Sess.remove()

    closed_and_discarded = (removing.kinds() == ["ROLLBACK"] and rows == 0 and book_state == "detached"
                            and checked_out == 0 and not is_same)
    return {
        "A": rows == 1,
        "B": checked_out == 1 and removing.count("ROLLBACK") == 0,
        "C": is_same,
        "D": closed_and_discarded and after_close_same,
        "E": reuse.raised(InvalidRequestError),
    }


if __name__ == "__main__":
    run_alone(__file__)

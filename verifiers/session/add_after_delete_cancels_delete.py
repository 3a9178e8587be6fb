"""add() on an object marked for deletion but not yet flushed takes the deletion back; after the flush it refuses."""

from collections.abc import Callable

from sqlalchemy import String, select
from sqlalchemy.exc import InvalidRequestError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Book(Base):
    __tablename__ = "book"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    title: Mapped[str] = mapped_column(String(100))


def committed_titles(lab: Lab) -> dict[int, str]:
    with lab.other_connection() as other:
        return dict(other.execute(select(Book.id, Book.title)).all())


def outcome(call: Callable[[], object]) -> str:
    """'ok', or the InvalidRequestError ``call()`` raised, as text."""
    try:
        call()
    except InvalidRequestError as error:
        return f"{type(error).__name__}: {error}"
    return "ok"


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)
    with Session(lab.engine) as setup:
        setup.add_all([Book(id=1, title="Dune"), Book(id=2, title="Emma")])
        setup.commit()

    # The question's code: delete(), then add() before any flush.
    with Session(lab.engine) as session:
        book = session.get(Book, 1)
        session.delete(book)
        with lab.capture() as adding:
            add_result = lab.fact("session.add(book) after delete()", outcome(lambda: session.add(book)))
        still_deleted = lab.fact("book in session.deleted after add()", book in session.deleted)
        lab.fact("state of book after add()", lab.state(book))
        with lab.capture() as committing:
            session.commit()
    lab.fact("statements add() sent", adding.kinds())
    commit_kinds = lab.fact("statements commit() sent", committing.kinds())
    rows = lab.fact("rows another connection sees after commit", committed_titles(lab))

    # Variant: a flush between delete() and add().
    with Session(lab.engine) as session:
        other_book = session.get(Book, 2)
        session.delete(other_book)
        session.flush()
        lab.fact("state of book 2 after delete() + flush()", lab.state(other_book))
        add_after_flush = lab.fact(
            "session.add(book 2) after delete() + flush()", outcome(lambda: session.add(other_book))
        )
        session.rollback()

    return {
        "A": add_result == "ok" and not still_deleted,
        "B": add_result.startswith("InvalidRequestError"),
        "C": "DELETE" in commit_kinds and 1 not in rows,
        "D": "DELETE" in commit_kinds and "INSERT" in commit_kinds,
        "E": rows.get(1) == "Dune" and "DELETE" not in commit_kinds and "INSERT" not in commit_kinds,
        "F": add_after_flush.startswith("InvalidRequestError") and "make_transient" in add_after_flush,
    }


if __name__ == "__main__":
    run_alone(__file__)

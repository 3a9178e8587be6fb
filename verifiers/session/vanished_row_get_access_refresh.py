"""An expired object whose row another connection deleted: attribute access, get() and refresh() differ."""

from collections.abc import Callable
from typing import Any

from sqlalchemy import String, delete
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Book(Base):
    __tablename__ = "book"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    title: Mapped[str] = mapped_column(String(100))


def outcome(action: Callable[[], Any]) -> tuple[str | None, str, Any]:
    """What ``action()`` raised (qualified class name and message, or None and "") and returned."""
    try:
        return None, "", action()
    except Exception as error:  # the exception's class is the observation
        return f"{type(error).__module__}.{type(error).__qualname__}", str(error), None


def with_vanished_book(
    lab: Lab, label: str, call: Callable[[Session, Book], Any]
) -> tuple[str | None, str, Any, bool, int]:
    """Load book 1, commit (expiring it), let another connection delete the row, then run ``call``.

    Returns what the call raised (class and message), what it returned, whether the book is still
    in the session afterwards, and how many SELECTs the call sent.
    """
    with Session(lab.engine) as setup:
        setup.add(Book(id=1, title="Dune"))
        setup.commit()

    with Session(lab.engine) as session:
        book = session.get(Book, 1)
        session.commit()  # expires book; the next access starts a new transaction
        with lab.other_connection() as other:
            other.execute(delete(Book).where(Book.id == 1))
            other.commit()
        with lab.capture() as sql:
            raised, message, returned = outcome(lambda: call(session, book))
        still_in_session = book in session

    lab.fact(f"{label} raises", f"{raised}: {message}" if raised else None)
    lab.fact(f"{label} returns", repr(returned) if returned is not None else None)
    lab.fact(f"`book in session` after {label}", still_in_session)
    selects = lab.fact(f"SELECTs sent by {label}", sql.count("SELECT"))
    return raised, message, returned, still_in_session, selects


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)

    access_error, _, access_value, _, _ = with_vanished_book(lab, "reading book.title", lambda s, b: b.title)
    get_error, _, got, get_left_in_session, get_selects = with_vanished_book(
        lab, "session.get(Book, 1)", lambda s, b: s.get(Book, 1)
    )
    refresh_error, refresh_message, _, _, _ = with_vanished_book(lab, "session.refresh(book)", lambda s, b: s.refresh(b))

    return {
        "A": access_error is None and access_value is None,
        "B": access_error == "sqlalchemy.orm.exc.ObjectDeletedError",
        "C": got is not None and get_selects == 0,
        "D": get_error is None and got is None and not get_left_in_session,
        "E": refresh_error == "sqlalchemy.exc.InvalidRequestError" and "Could not refresh instance" in refresh_message,
        "F": refresh_error == "sqlalchemy.orm.exc.ObjectDeletedError",
    }

if __name__ == "__main__":
    run_alone(__file__)

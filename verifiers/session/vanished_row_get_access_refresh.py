"""An expired object whose row another connection deleted: attribute access, get() and refresh() differ."""

from collections.abc import Callable
from typing import Any

from sqlalchemy import String, delete
from sqlalchemy.exc import InvalidRequestError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column
from sqlalchemy.orm.exc import ObjectDeletedError

from verifiers import Attempt, Capture, Lab, run_alone


class Base(DeclarativeBase):
    pass


class Book(Base):
    __tablename__ = "book"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    title: Mapped[str] = mapped_column(String(100))


def with_vanished_book(
    lab: Lab, label: str, call: Callable[[Session, Book], Any]
) -> tuple[Attempt, bool, Capture, list[str]]:
    """Load book 1, commit (expiring it), let another connection delete the row, then run ``call``.

    Returns the outcome of the call, whether the book is still in the session
    afterwards, what the call sent, and the attributes the commit had expired.
    """
    with Session(lab.engine) as setup:
        setup.add(Book(id=1, title="Dune"))
        setup.commit()

    with Session(lab.engine) as session:
        book = session.get(Book, 1)
        session.commit()  # expires book; the next access starts a new transaction
        expired = sorted(lab.state(book).expired_attributes)
        with lab.other_connection() as other:
            other.execute(delete(Book).where(Book.id == 1))
            other.commit()
        with lab.capture() as sql:
            result = lab.attempt(label, lambda: call(session, book))
        still_in_session = lab.fact(f"`book in session` after {label}", book in session)

    lab.fact(f"SELECTs sent by {label}", sql.count("SELECT"))
    return result, still_in_session, sql, expired


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)

    access, _, access_sql, expired = with_vanished_book(lab, "reading book.title", lambda s, b: b.title)
    got, get_left_in_session, get_sql, _ = with_vanished_book(lab, "session.get(Book, 1)", lambda s, b: s.get(Book, 1))
    refresh, _, refresh_sql, _ = with_vanished_book(lab, "session.refresh(book)", lambda s, b: s.refresh(b))

    lab.fact("attributes of book the commit expired", expired)
    lab.fact("SELECTs sent in case 1, 2 and 3", [sql.count("SELECT") for sql in (access_sql, get_sql, refresh_sql)])
    lab.fact("values bound to the SELECT of case 1", [s.values for s in access_sql.of_kind("SELECT")])
    lab.fact("ObjectDeletedError is a subclass of InvalidRequestError", issubclass(ObjectDeletedError, InvalidRequestError))
    lab.fact("`except InvalidRequestError` catches case 1 and case 3",
             [isinstance(access.error, InvalidRequestError), isinstance(refresh.error, InvalidRequestError)])
    lab.fact("`except ObjectDeletedError` catches case 3", isinstance(refresh.error, ObjectDeletedError))

    return {
        "A": access.ok and access.value is None,
        "B": access.raised(ObjectDeletedError),
        "C": got.ok and got.value is not None and get_sql.count("SELECT") == 0,
        "D": got.ok and got.value is None and not get_left_in_session,
        "E": refresh.raised(InvalidRequestError, match="Could not refresh instance"),
        "F": refresh.raised(ObjectDeletedError),
    }


if __name__ == "__main__":
    run_alone(__file__)

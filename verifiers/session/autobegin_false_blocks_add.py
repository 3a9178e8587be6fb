"""With autobegin=False, add(), a reload of expired attributes and any SQL need an explicit begin(), again after every commit."""

from sqlalchemy import String, select
from sqlalchemy.exc import InvalidRequestError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Book(Base):
    __tablename__ = "book"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(100))


AUTOBEGIN_DISABLED = "Autobegin is disabled on this Session"


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)

    with Session(lab.engine, autobegin=False) as session:
        book = Book(title="Dune")
        with lab.capture() as refused:
            first_add = lab.attempt("(1) session.add(book) before begin()", lambda: session.add(book))
        lab.fact("statements (1) sent", refused.kinds())
        lab.fact("book after (1)", lab.state(book).status)

        with lab.capture() as transaction:
            session.begin()
            second_add = lab.attempt("session.add(book) after begin()", lambda: session.add(book))
            session.commit()
        lab.fact("statements from begin() to commit()", transaction.kinds())
        lab.fact("book after commit()", lab.state(book).status)
        lab.fact("book's expired attributes after commit()", sorted(lab.state(book).expired_attributes))

        in_transaction = lab.fact("(2) session.in_transaction()", session.in_transaction())
        with lab.capture() as reading:
            read = lab.attempt("(3) book.title", lambda: book.title)
        lab.fact("statements (3) sent", reading.kinds())
        late_add = lab.attempt("(4) session.add(Book(title='Emma'))", lambda: session.add(Book(title="Emma")))
        query = lab.attempt("a query after commit()", lambda: session.scalars(select(Book)).all())
        lab.fact(
            "a query after commit() raises InvalidRequestError (Autobegin is disabled)",
            query.raised(InvalidRequestError, match=AUTOBEGIN_DISABLED),
        )

    # For comparison: a Session with the default autobegin=True begins its transaction on add().
    with Session(lab.engine) as default_session:
        default_session.add(Book(title="Emma"))
        lab.fact("a default Session is in a transaction after add()", default_session.in_transaction())

    # Variant: flush() instead of begin() before the add().
    with Session(lab.engine, autobegin=False) as session:
        flush = lab.attempt("session.flush() with nothing begun", session.flush)
        lab.fact("session.in_transaction() after that flush()", session.in_transaction())
        add_after_flush = lab.attempt("session.add() after flush()", lambda: session.add(Book(title="Emma")))

    return {
        "A": first_add.raised(InvalidRequestError, match=AUTOBEGIN_DISABLED) and refused.count() == 0,
        "B": first_add.ok,
        "C": second_add.ok and in_transaction is True,
        "D": read.raised(InvalidRequestError, match=AUTOBEGIN_DISABLED),
        "E": late_add.raised(InvalidRequestError, match=AUTOBEGIN_DISABLED),
        "F": flush.ok and add_after_flush.ok,
    }


if __name__ == "__main__":
    run_alone(__file__)

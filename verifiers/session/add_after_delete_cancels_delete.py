"""add() on an object marked for deletion but not yet flushed takes the deletion back; after the flush it refuses."""

from sqlalchemy import String, inspect, select
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


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)
    with Session(lab.engine) as setup:
        setup.add_all([Book(id=1, title="Dune"), Book(id=2, title="Emma")])
        setup.commit()

    # The question's code: delete(), then add() before any flush.
    with Session(lab.engine) as session:
        book = session.get(Book, 1)
        key = inspect(book).key  # (Book, (1,), None): the identity map's key
        with lab.capture() as deleting:
            session.delete(book)
        lab.fact("statements delete() sent", deleting.kinds())
        lab.fact("book in session.deleted after delete()", book in session.deleted)
        lab.fact("status of book after delete()", lab.state(book).status)
        in_map_after_delete = session.identity_map.get(key) is book
        with lab.capture() as adding:
            add = lab.attempt("session.add(book) after delete()", lambda: session.add(book))
        still_deleted = lab.fact("book in session.deleted after add()", book in session.deleted)
        lab.fact("state of book after add()", lab.state(book))
        lab.fact("status of book after add()", lab.state(book).status)
        lab.fact(
            "book is in the identity map after delete() and after add()",
            [in_map_after_delete, session.identity_map.get(key) is book],
        )
        with lab.capture() as committing:
            session.commit()
    lab.fact("statements add() sent", adding.kinds())
    lab.fact("statements commit() sent", committing.kinds())
    rows = lab.fact("rows another connection sees after commit", committed_titles(lab))

    # Variant: a flush between delete() and add().
    with Session(lab.engine) as session:
        other_book = session.get(Book, 2)
        session.delete(other_book)
        with lab.capture() as flushing:
            session.flush()
        lab.fact("statements the flush after delete() of book 2 sent", flushing.kinds())
        lab.fact("state of book 2 after delete() + flush()", lab.state(other_book))
        lab.fact("status of book 2 after delete() + flush()", lab.state(other_book).status)
        add_after_flush = lab.attempt("session.add(book 2) after delete() + flush()", lambda: session.add(other_book))
        session.rollback()

    return {
        "A": add.ok and not still_deleted,
        "B": add.raised(InvalidRequestError),
        "C": committing.count("DELETE") == 1 and 1 not in rows,
        "D": committing.of_kind("DELETE", "INSERT").kinds() == ["DELETE", "INSERT"] and rows.get(1) == "Dune",
        "E": rows.get(1) == "Dune" and committing.count("DELETE") == 0 and committing.count("INSERT") == 0,
        "F": add_after_flush.raised(InvalidRequestError, match="make_transient"),
    }


if __name__ == "__main__":
    run_alone(__file__)

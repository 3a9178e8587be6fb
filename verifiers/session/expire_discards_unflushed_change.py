"""expire() throws away an unflushed change: nothing is sent, and the next read returns the database value."""

from sqlalchemy import String, inspect, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Book(Base):
    __tablename__ = "book"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    title: Mapped[str] = mapped_column(String(100))


def committed_title(lab: Lab) -> str:
    with lab.other_connection() as other:
        return other.scalar(select(Book.title).where(Book.id == 1))


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)
    with Session(lab.engine) as setup:
        setup.add(Book(id=1, title="Dune"))
        setup.commit()

    with Session(lab.engine) as session:
        book = session.get(Book, 1)
        book.title = "Dune Messiah"
        lab.fact("book in session.dirty before expire()", book in session.dirty)
        lab.fact("pending change to title before expire()", list(inspect(book).attrs.title.history.added))

        with lab.capture() as expiring:
            session.expire(book)
        lab.fact("statements expire() sent", expiring.kinds())
        dirty_after = lab.fact("book in session.dirty after expire()", book in session.dirty)
        lab.fact("book after expire()", lab.state(book))
        lab.fact("expired attributes of book after expire()", sorted(lab.state(book).expired_attributes))
        lab.fact("pending change to title after expire()", list(inspect(book).attrs.title.history.added))

        with lab.capture() as reading:
            title = lab.fact("book.title read after expire()", book.title)
        lab.fact("statements the read sent", reading.kinds())

        with lab.capture() as committing:
            session.commit()
        lab.fact("statements commit() sent", committing.kinds())

    stored = lab.fact("title another connection reads after commit", committed_title(lab))

    # The remedy: flush the edit before expiring.
    with Session(lab.engine) as session:
        book = session.get(Book, 1)
        book.title = "Dune Messiah"
        session.flush()
        session.expire(book)
        lab.fact("book.title read after flush() and then expire()", book.title)
        session.rollback()

    return {
        "A": expiring.count("UPDATE") == 1,
        "B": not dirty_after,
        "C": title == "Dune" and reading.count("SELECT") == 1,
        "D": title == "Dune Messiah",
        "E": committing.count("UPDATE") == 1 and stored == "Dune Messiah",
    }


if __name__ == "__main__":
    run_alone(__file__)

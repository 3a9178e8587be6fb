"""make_transient() drops the identity but keeps the primary key value; expired attributes come back as None."""

from sqlalchemy import String
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, make_transient, mapped_column

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Book(Base):
    __tablename__ = "book"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    title: Mapped[str] = mapped_column(String(100))
    note: Mapped[str | None] = mapped_column(String(100))


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)
    with Session(lab.engine) as setup:
        setup.add(Book(id=1, title="Dune", note="classic"))
        setup.commit()

    with Session(lab.engine) as session:
        book = session.get(Book, 1)
        session.expire(book, ["note"])
        with lab.capture() as transient_and_read:
            make_transient(book)
            try:
                printed = (book.id, book.title, book.note)
            except SQLAlchemyError as error:
                printed = type(error).__name__
        lab.fact("book.id, book.title, book.note after make_transient()", printed)
        lab.fact("state after make_transient()", lab.state(book))
        reading_sql = lab.fact("statements sent by make_transient() and the reads", transient_and_read.kinds())

        session.add(book)
        id_at_commit = lab.fact("book.id when commit() is called", book.id)
        with lab.capture() as committing:
            try:
                session.commit()
                commit_error = None
            except IntegrityError as error:
                commit_error = type(error).__name__
                session.rollback()
    commit_error = lab.fact("exception raised by commit()", commit_error)
    lab.fact("statements commit() sent", committing.kinds())
    inserts = lab.fact("INSERTs commit() sent", committing.count("INSERT"))

    return {
        "A": printed == (1, "Dune", None) and reading_sql == [],
        "B": isinstance(printed, tuple) and printed[0] is None,
        "C": isinstance(printed, tuple) and printed[2] == "classic",
        "D": printed == "DetachedInstanceError",
        "E": inserts == 1 and id_at_commit == 1 and commit_error == "IntegrityError",
        "F": committing.count("UPDATE") > 0,
    }


if __name__ == "__main__":
    run_alone(__file__)

"""make_transient() drops the identity but keeps the primary key value; expired attributes come back as None."""

import warnings

from sqlalchemy import String, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, make_transient, mapped_column
from sqlalchemy.orm.exc import DetachedInstanceError

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Book(Base):
    __tablename__ = "book"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    title: Mapped[str] = mapped_column(String(100))
    note: Mapped[str | None] = mapped_column(String(100))


class GeneratedKeyBook(Base):
    """A table whose database generates the key, for the explanation's last sentence."""

    __tablename__ = "generated_key_book"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(100))


def committed_ids(lab: Lab, cls: type[Book] | type[GeneratedKeyBook]) -> list[int]:
    with lab.other_connection() as other:
        return list(other.scalars(select(cls.id).order_by(cls.id)))


def copy_with_key(lab: Lab, cls: type[Book] | type[GeneratedKeyBook], new_id: int | None) -> None:
    """Load row 1, make it transient, give it ``new_id`` and commit it as a new row."""
    with Session(lab.engine) as session:
        row = session.get(cls, 1)
        make_transient(row)
        row.id = new_id
        session.add(row)
        session.commit()


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)
    with Session(lab.engine) as setup:
        setup.add(Book(id=1, title="Dune", note="classic"))
        setup.add(GeneratedKeyBook(title="Dune"))  # the database gives it id 1
        setup.commit()

    with Session(lab.engine) as session:
        book = session.get(Book, 1)
        session.expire(book, ["note"])
        with lab.capture() as transient_and_read:
            make_transient(book)
            read = lab.attempt("book.id, book.title, book.note after make_transient()",
                               lambda: (book.id, book.title, book.note))
        state = lab.fact("state after make_transient()", lab.state(book))
        lab.fact("after make_transient(): in the session, identity", [state.in_session, state.identity])
        lab.fact("expired attributes after make_transient()", sorted(state.expired_attributes))
        reading_sql = lab.fact("statements sent by make_transient() and the reads", transient_and_read.kinds())

        session.add(book)
        lab.fact("status after session.add()", lab.state(book).status)
        id_at_commit = lab.fact("book.id when commit() is called", book.id)
        with lab.capture() as committing:
            commit = lab.attempt("commit()", session.commit)
        if not commit.ok:
            session.rollback()
    lab.fact("statements commit() sent", committing.kinds())
    inserts = committing.of_kind("INSERT")
    insert_values = lab.fact("values bound to the INSERT commit() sent", [s.values for s in inserts])

    # Copying a row as a new one: a new key value; None only where the database generates keys.
    copy_with_key(lab, Book, 2)
    lab.fact("ids another connection sees after copying with id 2", committed_ids(lab, Book))
    with warnings.catch_warnings(record=True) as warned:  # the NULL primary key also warns; the failure is what counts
        warnings.simplefilter("always")
        with_none = lab.attempt("copying with id None, the key not generated", lambda: copy_with_key(lab, Book, None))
    lab.fact("warnings while copying with id None", [w.category.__name__ for w in warned])
    lab.fact("copying with id None fails when the key is not generated", not with_none.ok)  # the error differs per backend
    copy_with_key(lab, GeneratedKeyBook, None)
    lab.fact("ids another connection sees after copying with id None, the key generated",
             committed_ids(lab, GeneratedKeyBook))

    printed = read.value
    return {
        "A": committing.count("UPDATE") > 0,
        "B": read.ok and printed[0] is None,
        "C": read.ok and printed[2] == "classic",
        "D": read.raised(DetachedInstanceError),
        "E": len(inserts) == 1 and insert_values[0][0] == 1 and id_at_commit == 1 and commit.raised(IntegrityError),
        "F": read.ok and printed == (1, "Dune", None) and reading_sql == [],
    }


if __name__ == "__main__":
    run_alone(__file__)

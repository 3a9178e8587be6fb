"""Assigning an attribute the value it already has: in session.dirty, yet not modified, and no UPDATE."""

from sqlalchemy import String
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, attributes, mapped_column

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Book(Base):
    __tablename__ = "book"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    title: Mapped[str] = mapped_column(String(100))


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)
    with Session(lab.engine) as setup:
        setup.add(Book(id=1, title="Dune"))
        setup.commit()

    with Session(lab.engine) as session:
        book = session.get(Book, 1)
        with lab.capture() as assigning:
            book.title = "Dune"
        lab.fact("statements sent by the assignment", assigning.kinds())

        in_dirty = lab.fact("book in session.dirty", book in session.dirty)
        modified = lab.fact("session.is_modified(book)", session.is_modified(book))
        history = lab.fact("get_history(book, 'title')", attributes.get_history(book, "title"))

        with lab.capture() as flushing:
            session.flush()
        flushed = lab.fact("statements sent by the flush", flushing.kinds())
        dirty_after_flush = lab.fact("book in session.dirty after the flush", book in session.dirty)

    return {
        "A": assigning.count("SELECT") > 0,
        "B": modified,
        "C": in_dirty,
        "D": list(history.unchanged) == ["Dune"] and not history.added and not history.deleted,
        "E": flushing.count("UPDATE") == 1,
        "F": not flushed and not dirty_after_flush,
    }


if __name__ == "__main__":
    run_alone(__file__)

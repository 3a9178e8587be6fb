"""get_history() compares with the value loaded from the database, drops intermediate values, and resets at flush."""

from sqlalchemy import String, inspect
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column
from sqlalchemy.orm.attributes import get_history

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Book(Base):
    __tablename__ = "book"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    title: Mapped[str] = mapped_column(String(50))


def as_lists(history) -> list:
    """[added, unchanged, deleted], each as a list."""
    return [list(history.added or ()), list(history.unchanged or ()), list(history.deleted or ())]


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)
    with Session(lab.engine) as setup:
        setup.add(Book(id=1, title="Dune"))
        setup.commit()

    # The question's code.
    with Session(lab.engine) as session:
        book = session.get(Book, 1)
        with lab.capture() as sql:
            book.title = "Emma"
            book.title = "Ulysses"
            h1 = lab.fact("h1 [added, unchanged, deleted]", as_lists(get_history(book, "title")))
            committed = lab.fact("the object's committed state before the flush", dict(inspect(book).committed_state))
            lab.fact("'Emma' is in h1 or in the committed state",
                     any("Emma" in values for values in h1) or "Emma" in committed.values())
            session.flush()
            h2 = lab.fact("h2 [added, unchanged, deleted]", as_lists(get_history(book, "title")))
        lab.fact("statements sent", sql.queries.kinds())
        lab.fact("the UPDATE binds", [u.values for u in sql.of_kind("UPDATE")])
        session.rollback()

    # Option E: back to the loaded value before the flush.
    with Session(lab.engine) as session:
        book = session.get(Book, 1)
        book.title = "Emma"
        book.title = "Dune"
        back = lab.fact("history after Emma then Dune again [added, unchanged, deleted]",
                        as_lists(get_history(book, "title")))
        with lab.capture() as back_flush:
            session.flush()
        lab.fact("statements that flush sent", back_flush.queries.kinds())
        session.rollback()

    return {
        "A": h1[0] == ["Emma", "Ulysses"] and h1[2] == ["Dune"],
        "B": h1[0] == ["Ulysses"] and h1[2] == ["Emma"],
        "C": h2 == h1,
        "D": h2 == [[], [], []],
        "E": back_flush.count("UPDATE") == 1,
        "F": h1 == [["Ulysses"], [], ["Dune"]] and h2 == [[], ["Ulysses"], []],
    }


if __name__ == "__main__":
    run_alone(__file__)

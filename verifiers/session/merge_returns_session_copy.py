"""merge() copies a detached object's state onto an instance the session owns and returns that one."""

from sqlalchemy import String, inspect, select
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
        return {book_id: title for book_id, title in other.execute(select(Book.id, Book.title))}


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)
    with Session(lab.engine) as setup:
        setup.add(Book(id=1, title="Dune"))
        setup.commit()

    with Session(lab.engine) as first:
        book = first.get(Book, 1)
    lab.fact("book after the first session closed", lab.state(book))
    book.title = "Dune Messiah"

    with Session(lab.engine) as session:
        with lab.capture() as merging:
            merged = session.merge(book)
        lab.fact("statements merge() sent", merging.queries.kinds())
        select_values = lab.fact("values bound to merge()'s SELECT", [s.values for s in merging.of_kind("SELECT")])
        lab.fact("merged is book", merged is book)
        book_state = lab.fact("book after merge()", lab.state(book))
        lab.fact("merged after merge()", lab.state(merged))
        lab.fact("merged belongs to the session", merged in session)
        lab.fact("merged's pending change to title", list(inspect(merged).attrs.title.history.added))

        book.title = "Children of Dune"  # an edit to the argument, after the merge
        with lab.capture() as committing:
            session.commit()
        lab.fact("statements commit() sent", committing.kinds())

    committed = lab.fact("rows another connection sees after commit", committed_titles(lab))

    return {
        "A": merged is book,
        "B": book_state.detached,
        "C": merging.count("SELECT") == 1 and select_values == [[book.id]],
        "D": committing.count("UPDATE") == 1 and committed == {1: "Dune Messiah"},
        "E": committing.count("INSERT") > 0 or len(committed) > 1,
    }


if __name__ == "__main__":
    run_alone(__file__)

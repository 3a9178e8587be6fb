"""merge(load=False) trusts a clean detached object without any SQL, and refuses one with unflushed changes."""

from sqlalchemy import String, select
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
    with lab.setup(), Session(lab.engine) as setup:
        setup.add_all([Book(id=1, title="Dune"), Book(id=2, title="Emma")])
        setup.commit()

    # The question's code: two objects loaded, detached, one of them edited.
    with Session(lab.engine) as first:
        book = first.get(Book, 1)
        other = first.get(Book, 2)
    other.title = "Persuasion"

    with Session(lab.engine) as session:
        with lab.capture() as merging:
            merged = session.merge(book, load=False)                                    # (1)
        lab.fact("statements (1) sent", merging.kinds())
        merged_state = lab.fact("state of merged after (1)", lab.state(merged))
        lab.fact("status of book after (1)", lab.state(book).status)
        with lab.capture() as reading:
            title = lab.fact("merged.title", merged.title)
        lab.fact("statements reading merged.title sent", reading.kinds())
        with lab.capture() as merging_dirty:
            dirty = lab.attempt("(2) session.merge(other, load=False)", lambda: session.merge(other, load=False))
        lab.fact("statements (2) sent", merging_dirty.kinds())
        with lab.capture() as committing:
            session.commit()  # run anyway, as if (2) had been caught
        lab.fact("statements a commit after (2) sent", committing.kinds())
    rows = lab.fact("rows another connection sees afterwards", committed_titles(lab))

    # Contrast: an ordinary merge() of the same detached object.
    with Session(lab.engine) as session:
        with lab.capture() as ordinary:
            session.merge(book)
        lab.fact("statements an ordinary merge(book) sent", ordinary.queries.kinds())

    return {
        "A": merging.count() == 0,
        "B": merging.count("SELECT") == 1,
        "C": merged is book,
        "D": merged_state.persistent and title == "Dune" and reading.count() == 0,
        "E": dirty.raised(InvalidRequestError, match="dirty"),
        "F": dirty.ok and committing.count("UPDATE") == 1 and rows.get(2) == "Persuasion",
    }


if __name__ == "__main__":
    run_alone(__file__)

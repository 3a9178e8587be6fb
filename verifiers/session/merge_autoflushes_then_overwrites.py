"""merge() autoflushes first, then copies the incoming state over the in-session object, undoing an edit made there."""

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
    with lab.setup(), Session(lab.engine) as setup:
        setup.add(Book(id=1, title="Dune"))
        setup.commit()

    # The question's code.
    with Session(lab.engine) as first:
        detached = first.get(Book, 1)

    with Session(lab.engine) as session:
        book = session.get(Book, 1)
        book.title = "Dune Messiah"
        session.add(Book(id=2, title="Emma"))
        with lab.capture() as merging:
            merge = lab.attempt("session.merge(detached)", lambda: session.merge(detached))
        flushed = lab.fact("statements merge() sent", merging.queries.kinds())
        first_update = merging.of_kind("UPDATE")
        lab.fact("values of the UPDATE merge() sent", first_update[0].values if first_update else None)
        same = lab.fact("merged is book", merge.ok and merge.value is book)
        lab.fact("book.title right after merge()", book.title)
        lab.fact("book in session.dirty after merge()", book in session.dirty)
        lab.fact("objects the session holds for row 1", sum(1 for obj in session if inspect(obj).identity == (1,)))
        with lab.capture() as committing:
            session.commit()
        lab.fact("statements commit() sent", committing.kinds())
        lab.fact("values of the UPDATE commit() sent", [s.values for s in committing.of_kind("UPDATE")])
    rows = lab.fact("rows another connection sees after commit", committed_titles(lab))

    messiah_sent = any("Dune Messiah" in s.values for s in merging.of_kind("UPDATE"))
    return {
        "A": merge.ok and merging.count() == 0,
        "B": merge.ok and merge.value is not book,
        "C": rows.get(1) == "Dune Messiah",
        "D": not messiah_sent and rows.get(1) == "Dune",
        "E": flushed == ["UPDATE", "INSERT"] and messiah_sent and same
        and committing.count("UPDATE") == 1 and rows.get(1) == "Dune",
        "F": merge.raised(InvalidRequestError),
    }


if __name__ == "__main__":
    run_alone(__file__)

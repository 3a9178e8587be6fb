"""Assigning an expired attribute the value the row already holds still sends an UPDATE, unless active_history loads the old value first."""

from sqlalchemy import String, inspect
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Book(Base):
    __tablename__ = "book"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    title: Mapped[str] = mapped_column(String(50))


class TrackedBook(Base):  # the variants of options E and F
    __tablename__ = "tracked_book"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    title: Mapped[str] = mapped_column(String(50), active_history=True)
    blurb: Mapped[str] = mapped_column(String(200), deferred=True, active_history=True)


def history(obj: object, key: str) -> list:
    """The passive history (nothing is loaded to compute it): [added, unchanged, deleted]."""
    added, unchanged, deleted = inspect(obj).attrs[key].history
    return [list(added or ()), list(unchanged or ()), list(deleted or ())]


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)
    with Session(lab.engine) as setup:
        setup.add_all([Book(id=1, title="Dune"), TrackedBook(id=1, title="Dune", blurb="Spice")])
        setup.commit()

    # The question's code.
    with Session(lab.engine) as session:
        book = session.get(Book, 1)
        session.expire(book, ["title"])
        with lab.capture() as assigning:
            book.title = "Dune"
        assignment_sql = lab.fact("statements the assignment sent", assigning.kinds())
        title_history = lab.fact("passive history of title after the assignment [added, unchanged, deleted]",
                                 history(book, "title"))
        modified = lab.fact("session.is_modified(book)", session.is_modified(book))
        with lab.capture() as flushing:
            session.flush()
        update = flushing.of_kind("UPDATE")
        lab.fact("statements the flush sent", flushing.queries.kinds())
        lab.fact("values the UPDATE binds", [u.values for u in update])
        session.rollback()

    # Option E: title mapped with active_history=True.
    with Session(lab.engine) as session:
        tracked = session.get(TrackedBook, 1)
        session.expire(tracked, ["title"])
        with lab.capture() as tracked_assign:
            tracked.title = "Dune"
        lab.fact("active_history: history of title after the assignment [added, unchanged, deleted]",
                 history(tracked, "title"))
        with lab.capture() as tracked_flush:
            session.flush()
        lab.fact("active_history: statements the assignment and the flush sent",
                 [tracked_assign.kinds(), tracked_flush.queries.kinds()])
        session.rollback()

    # Option F: a deferred column with active_history=True, never loaded.
    with Session(lab.engine) as session:
        tracked = session.get(TrackedBook, 1)
        lab.fact("blurb is unloaded before the assignment", "blurb" in lab.state(tracked).unloaded)
        with lab.capture() as deferred_assign:
            tracked.blurb = "Spice"
        with lab.capture() as deferred_flush:
            session.flush()
        lab.fact("deferred + active_history: statements the assignment and the flush sent",
                 [deferred_assign.kinds(), deferred_flush.queries.kinds()])
        session.rollback()

    return {
        "A": assigning.count("SELECT") == 1,
        "B": modified is False,
        "C": title_history[0] == ["Dune"] and title_history[2] == [],
        "D": flushing.count("UPDATE") == 1 and update[0].values == ["Dune", 1],
        "E": tracked_assign.count("SELECT") == 1 and tracked_assign.of_kind("SELECT")[0].mentions("title")
             and tracked_flush.count("UPDATE") == 0,
        "F": deferred_assign.count("SELECT") == 1 and deferred_flush.count("UPDATE") == 0,
    }


if __name__ == "__main__":
    run_alone(__file__)

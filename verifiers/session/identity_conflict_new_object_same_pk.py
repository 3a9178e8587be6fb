"""A new object whose primary key is already held by a persistent object is still INSERTed: a warning, then IntegrityError."""

import warnings

from sqlalchemy import String, exc, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column
from sqlalchemy.orm.exc import FlushError

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
    with Session(lab.engine) as session:
        existing = session.get(Book, 1)
        newcomer = Book(id=1, title="Emma")
        with lab.capture() as adding:
            add = lab.attempt("session.add(Book(id=1, title='Emma'))", lambda: session.add(newcomer))
        lab.fact("statements add() sent", adding.kinds())
        lab.fact("status of the new Book after add()", lab.state(newcomer).status)
        with warnings.catch_warnings(record=True) as caught, lab.capture() as committing:
            warnings.simplefilter("always")
            commit = lab.attempt("session.commit()", session.commit)
        warned = lab.fact(
            "SAWarnings during commit()",
            [str(w.message) for w in caught if issubclass(w.category, exc.SAWarning)],
        )
        lab.fact("statements commit() sent", committing.kinds())
        insert_sent = lab.fact("commit() sent an INSERT for id 1", any(
            s.values[:1] == [1] for s in committing.of_kind("INSERT")))
        lab.fact("status of the loaded Book after the failed commit", lab.state(existing).status)
        session.rollback()
    rows = lab.fact("rows another connection sees afterwards", committed_titles(lab))

    # Contrast: the persistent Book is deleted in the same flush ("row switch").
    with Session(lab.engine) as session:
        session.delete(session.get(Book, 1))
        session.add(Book(id=1, title="Emma"))
        with lab.capture() as switching:
            session.flush()
        lab.fact("statements a flush sends after delete(existing) + add(new)", switching.queries.kinds())
        session.rollback()

    # Contrast: merge() copies the newcomer's state onto the loaded Book instead.
    with Session(lab.engine) as session:
        existing = session.get(Book, 1)
        merged = session.merge(Book(id=1, title="Emma"))
        with lab.capture() as merging:
            session.flush()
        lab.fact("merge() returns the loaded Book and the flush sends an UPDATE",
                 [merged is existing, merging.queries.kinds()])
        session.rollback()

    conflict_warned = any("conflicts with persistent instance" in w for w in warned)
    return {
        "A": add.raised(exc.InvalidRequestError),
        "B": committing.count("UPDATE") == 1 and rows.get(1) == "Emma",
        "C": commit.raised(FlushError) and committing.count("INSERT") == 0,
        "D": conflict_warned and insert_sent and commit.raised(exc.IntegrityError),
        "E": commit.ok and not insert_sent and rows.get(1) == "Dune",
    }


if __name__ == "__main__":
    run_alone(__file__)

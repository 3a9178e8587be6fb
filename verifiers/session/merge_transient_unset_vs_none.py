"""merge() of a transient object copies only the attributes that were set: None is copied, unset is not."""

from sqlalchemy import String, delete, inspect, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from verifiers import Attempt, Lab, run_alone


class Base(DeclarativeBase):
    pass


class Book(Base):
    __tablename__ = "book"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    title: Mapped[str] = mapped_column(String(100))
    note: Mapped[str | None] = mapped_column(String(100))
    score: Mapped[int] = mapped_column(default=0)


def committed_row(lab: Lab) -> dict[str, object]:
    with lab.other_connection() as other:
        return dict(other.execute(select(Book.title, Book.note, Book.score).where(Book.id == 1)).one()._mapping)


def merge_case(lab: Lab, label: str, incoming: Book) -> tuple[Attempt, list[str], set[str], dict[str, object]]:
    """From the starting row, merge ``incoming`` and commit.

    Returns the outcome of merge() and commit(), the statements sent, the
    columns the UPDATE's SET clause named, and the row another connection
    reads after.
    """
    with Session(lab.engine) as setup:
        setup.execute(delete(Book))
        setup.add(Book(id=1, title="Dune", note="classic", score=5))
        setup.commit()

    with lab.capture() as sql, Session(lab.engine) as session:

        def merge_and_commit() -> None:
            session.merge(incoming)
            session.commit()

        outcome = lab.attempt(f"{label}: merge() and commit()", merge_and_commit)
    # The WHERE clause names only book.id, so the other columns an UPDATE names are the ones it sets.
    set_columns = {name for update in sql.of_kind("UPDATE") for name in ("title", "note", "score") if update.mentions(name)}
    lab.fact(f"{label}: columns the UPDATE sets", sorted(set_columns))
    return outcome, sql.queries.kinds(), set_columns, lab.fact(f"{label}: row afterwards", committed_row(lab))


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)

    # A never-assigned attribute has no value in the object's state; reading one (on another object) gives None.
    unset_incoming = Book(id=1, title="Dune Messiah")
    lab.fact("case 1: attributes the incoming object has no value for", sorted(inspect(unset_incoming).unloaded))
    lab.fact("reading a never-assigned note gives", Book(id=1, title="Dune Messiah").note)

    unset, unset_sent, unset_columns, unset_row = merge_case(lab, "case 1", unset_incoming)
    none, none_sent, none_columns, none_row = merge_case(lab, "case 2", Book(id=1, title="Dune Messiah", note=None))
    lab.fact("statements sent in case 1 and in case 2", [unset_sent, none_sent])

    return {
        "A": unset.raised(IntegrityError) and none.raised(IntegrityError) and "INSERT" in unset_sent + none_sent,
        "B": unset_sent == ["SELECT", "UPDATE"]
        and unset_columns == {"title"}
        and unset_row == {"title": "Dune Messiah", "note": "classic", "score": 5},
        "C": unset_row.get("score") == 0,
        "D": unset.ok and unset_row.get("note") is None,
        "E": none.ok and none_columns == {"title", "note"} and none_row.get("note") is None,
        "F": none_row.get("note") == "classic",
    }


if __name__ == "__main__":
    run_alone(__file__)

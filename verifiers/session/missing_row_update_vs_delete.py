"""Flushing changes to a row someone else deleted: a stale UPDATE raises, a stale DELETE only warns unless versioned."""

import warnings
from collections.abc import Callable

from sqlalchemy import String, delete, exc
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column
from sqlalchemy.orm.exc import StaleDataError

from verifiers import Attempt, Capture, Lab, run_alone


class Base(DeclarativeBase):
    pass


class Book(Base):
    __tablename__ = "book"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    title: Mapped[str] = mapped_column(String(100))


class Doc(Base):
    __tablename__ = "doc"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    title: Mapped[str] = mapped_column(String(100))
    version_id: Mapped[int] = mapped_column()
    __mapper_args__ = {"version_id_col": version_id}


def flush_vanished(
    lab: Lab, label: str, cls: type, change: Callable[[Session, object], None]
) -> tuple[Attempt, list[str], Capture]:
    """Load row 1 of ``cls``, let another connection delete it, apply ``change``, flush and commit.

    Returns the outcome of the flush and commit, the SAWarning messages raised
    meanwhile, and the statements they sent.
    """
    with Session(lab.engine) as setup:
        setup.add(cls(id=1, title="draft"))
        setup.commit()

    with Session(lab.engine) as session:
        obj = session.get(cls, 1)
        with lab.other_connection() as other:
            other.execute(delete(cls).where(cls.id == 1))
            other.commit()
        change(session, obj)

        def flush_and_commit() -> None:
            session.flush()
            session.commit()

        with warnings.catch_warnings(record=True) as caught, lab.capture() as flushing:
            warnings.simplefilter("always")
            outcome = lab.attempt(f"{label}: flush() and commit()", flush_and_commit)
    warned = lab.fact(f"{label}: SAWarnings", [str(w.message) for w in caught if issubclass(w.category, exc.SAWarning)])
    lab.fact(f"{label}: statements sent", flushing.kinds())
    return outcome, warned, flushing


def rename(session: Session, obj: object) -> None:
    obj.title = "final"


def remove(session: Session, obj: object) -> None:
    session.delete(obj)


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)

    lab.fact("Book's mapper: confirm_deleted_rows", Book.__mapper__.confirm_deleted_rows)

    update, update_warned, update_sql = flush_vanished(lab, "case 1, Book title changed", Book, rename)
    removal, delete_warned, delete_sql = flush_vanished(lab, "case 2, Book deleted", Book, remove)
    versioned, _, versioned_sql = flush_vanished(lab, "case 3, versioned Doc deleted", Doc, remove)

    cases = (update_sql, delete_sql, versioned_sql)
    selects = lab.fact("SELECTs sent, per case", [sql.count("SELECT") for sql in cases])
    lab.fact("statements sent besides transaction control, per case", [sql.queries.kinds() for sql in cases])
    lab.fact("case 3: the DELETE names version_id", [s.mentions("version_id") for s in versioned_sql.of_kind("DELETE")])

    return {
        "A": update.ok and not update_warned,
        "B": update.raised(StaleDataError, match=r"UPDATE .* expected to update 1 row\(s\); 0 were matched"),
        "C": removal.raised(StaleDataError),
        "D": removal.ok
        and "COMMIT" in delete_sql.kinds()
        and any("expected to delete 1 row(s); 0 were matched" in w for w in delete_warned),
        "E": versioned.raised(StaleDataError),
        "F": all(count > 0 for count in selects),
    }


if __name__ == "__main__":
    run_alone(__file__)

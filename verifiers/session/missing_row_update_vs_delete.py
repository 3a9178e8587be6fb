"""Flushing changes to a row someone else deleted: a stale UPDATE raises, a stale DELETE only warns unless versioned."""

import warnings
from collections.abc import Callable

from sqlalchemy import String, delete, exc
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from verifiers import Lab, run_alone


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
) -> tuple[str | None, list[str], list[str]]:
    """Load row 1 of ``cls``, let another connection delete it, apply ``change``, flush and commit.

    Returns the qualified class of what the flush or commit raised (or None),
    the SAWarning messages raised meanwhile, and the statements the flush sent.
    """
    with Session(lab.engine) as setup:
        setup.add(cls(id=1, title="draft"))
        setup.commit()

    raised = None
    with Session(lab.engine) as session:
        obj = session.get(cls, 1)
        with lab.other_connection() as other:
            other.execute(delete(cls).where(cls.id == 1))
            other.commit()
        change(session, obj)
        with warnings.catch_warnings(record=True) as caught, lab.capture() as flushing:
            warnings.simplefilter("always")
            try:
                session.flush()
                session.commit()
            except exc.SQLAlchemyError as error:
                raised = f"{type(error).__module__}.{type(error).__qualname__}"
    warned = [str(w.message) for w in caught if issubclass(w.category, exc.SAWarning)]
    lab.fact(f"{label}: flush and commit raise", raised)
    lab.fact(f"{label}: SAWarnings", warned)
    return raised, warned, lab.fact(f"{label}: statements sent", flushing.kinds())


def rename(session: Session, obj: object) -> None:
    obj.title = "final"


def remove(session: Session, obj: object) -> None:
    session.delete(obj)


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)

    update_error, update_warned, update_sent = flush_vanished(lab, "case 1, Book title changed", Book, rename)
    delete_error, delete_warned, delete_sent = flush_vanished(lab, "case 2, Book deleted", Book, remove)
    versioned_error, _, versioned_sent = flush_vanished(lab, "case 3, versioned Doc deleted", Doc, remove)

    return {
        "A": update_error == "sqlalchemy.orm.exc.StaleDataError",
        "B": update_error is None and not update_warned,
        "C": delete_error == "sqlalchemy.orm.exc.StaleDataError",
        "D": delete_error is None
        and "COMMIT" in delete_sent
        and any("expected to delete 1 row(s); 0 were matched" in w for w in delete_warned),
        "E": versioned_error == "sqlalchemy.orm.exc.StaleDataError",
        "F": all("SELECT" in sent for sent in (update_sent, delete_sent, versioned_sent)),
    }


if __name__ == "__main__":
    run_alone(__file__)

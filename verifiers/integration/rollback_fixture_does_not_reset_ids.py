"""Rolling back each test's transaction does not roll back the id sequence (except SQLite's rowid reuse)."""

from sqlalchemy import String, exc, func, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Widget(Base):
    __tablename__ = "widget"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(30))


def one_test(lab: Lab) -> tuple[int, int]:
    """What each test does under a rollback-per-test fixture: insert one widget, look at its id, roll back.
    Returns the id and the widgets another connection counts after the rollback."""
    with lab.engine.connect() as conn:
        transaction = conn.begin()
        with Session(bind=conn) as session:
            widget = Widget(name="w")
            session.add(widget)
            session.flush()
            new_id = widget.id
        transaction.rollback()
    with lab.other_connection() as other:
        return new_id, other.scalar(select(func.count()).select_from(Widget))


def id_beside(lab: Lab, largest: int) -> int:
    """In one rolled-back transaction: a widget with id ``largest``, then the id the database gives the next one."""
    with lab.engine.connect() as conn, conn.begin() as transaction:
        with Session(bind=conn) as session:
            session.add(Widget(id=largest, name="explicit"))
            session.flush()
            widget = Widget(name="w")
            session.add(widget)
            session.flush()
            new_id = widget.id
        transaction.rollback()
    return new_id


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        Base.metadata.create_all(lab.engine)

    with lab.capture() as tests:
        run = lab.attempt("the three tests: (id seen, widgets left)", lambda: [one_test(lab) for _ in range(3)])
    ids = lab.fact("ids seen by the three tests", [seen for seen, _ in run.value] if run.ok else None)
    lab.fact("widgets another connection counts after each test", [left for _, left in run.value] if run.ok else None)
    lab.fact("statements the tests sent (other than the counting connection)",
             [s.kind for s in tests if not s.connection.startswith("other")])
    with lab.other_connection() as other:
        left = lab.fact("widgets stored afterwards", other.scalar(select(func.count()).select_from(Widget)))

    with lab.capture():
        beside_41 = lab.fact("id given to a new widget while one with id 41 exists", id_beside(lab, 41))
    lab.fact(
        "the text's rule for this backend's new id holds (SQLite: largest id + 1; servers: no id given twice)",
        beside_41 == 42 if lab.backend == "sqlite" else ids is not None and beside_41 not in ids,
    )

    on_sqlite = lab.backend == "sqlite"
    # Each option speaks of every backend; a run decides the part about the backend it runs on.
    return {
        "A": run.raised(exc.IntegrityError),
        "B": ids == [1, 1, 1] and not on_sqlite or ids == [1, 2, 3] and on_sqlite,
        "C": left == 3,
        "D": ids == ([1, 1, 1] if on_sqlite else [1, 2, 3]) and left == 0,
    }


if __name__ == "__main__":
    run_alone(__file__)

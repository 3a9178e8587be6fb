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


def one_test(lab: Lab) -> int:
    """What each test does under a rollback-per-test fixture: insert one widget, look at its id, roll back."""
    with lab.engine.connect() as conn:
        transaction = conn.begin()
        with Session(bind=conn) as session:
            widget = Widget(name="w")
            session.add(widget)
            session.flush()
            new_id = widget.id
        transaction.rollback()
    return new_id


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        Base.metadata.create_all(lab.engine)

    with lab.capture():
        run = lab.attempt("ids seen by the three tests", lambda: [one_test(lab) for _ in range(3)])
    ids = run.value if run.ok else None
    with lab.other_connection() as other:
        left = lab.fact("widgets stored afterwards", other.scalar(select(func.count()).select_from(Widget)))

    on_sqlite = lab.backend == "sqlite"
    # Each option speaks of every backend; a run decides the part about the backend it runs on.
    return {
        "A": ids == ([1, 1, 1] if on_sqlite else [1, 2, 3]) and left == 0,
        "B": ids == [1, 1, 1] and not on_sqlite or ids == [1, 2, 3] and on_sqlite,
        "C": left == 3,
        "D": run.raised(exc.IntegrityError),
    }


if __name__ == "__main__":
    run_alone(__file__)

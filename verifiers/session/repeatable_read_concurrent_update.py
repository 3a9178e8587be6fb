"""Two REPEATABLE READ sessions increment the same counter: PostgreSQL refuses the second write, MariaDB loses it."""

from sqlalchemy import select, text, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column
from sqlalchemy.orm.exc import StaleDataError

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Counter(Base):
    __tablename__ = "counter"
    id: Mapped[int] = mapped_column(primary_key=True)
    value: Mapped[int]


def race(lab: Lab, engine: Engine, label: str):
    """s1 and s2 both read the counter; s1 writes value + 1 and commits; then s2 writes its own value + 1."""
    with Session(engine) as s1, Session(engine) as s2:
        c1 = s1.get(Counter, 1)          # s1 reads 0
        c2 = s2.get(Counter, 1)          # s2 reads 0
        c1.value = c1.value + 1
        s1.commit()                      # the counter is 1
        c2.value = c2.value + 1          # s2 still computes 0 + 1
        flush = lab.attempt(f"{label}: s2.flush()", s2.flush)
        commit = lab.attempt(f"{label}: s2.commit()", s2.commit) if flush.ok else None
        s2.rollback()
    with lab.other_connection() as other:
        final = other.scalar(select(Counter.value))
        other.execute(update(Counter).values(value=0))   # reset for the next run
        other.commit()
    return flush, commit is not None and commit.ok, final


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        Base.metadata.create_all(lab.engine)
        with Session(lab.engine) as seed:
            seed.add(Counter(id=1, value=0))
            seed.commit()

    repeatable = lab.engine.execution_options(isolation_level="REPEATABLE READ")
    with lab.capture() as sql:
        flush, s2_committed, final = race(lab, repeatable, "REPEATABLE READ")
    lab.fact("final counter value", final)

    updates = sql.of_kind("UPDATE")
    lab.fact("s2's UPDATE binds the value it computed", updates[1].values)
    driver_error = type(getattr(flush.error, "orig", None)).__name__ if flush.error is not None else None
    lab.fact("the driver's error class on PostgreSQL",
             driver_error if lab.backend == "postgresql" else "SerializationFailure")
    lab.fact("the driver's message on PostgreSQL names a concurrent update",
             "could not serialize access due to concurrent update" in flush.message if lab.backend == "postgresql" else True)
    _, default_committed, default_final = race(lab, lab.engine, "default isolation level")
    if lab.backend == "mariadb":
        with lab.other_connection() as other:
            snapshot_isolation = other.scalar(text("SELECT @@innodb_snapshot_isolation"))
        lab.fact("on MariaDB, innodb_snapshot_isolation is off", snapshot_isolation in (0, "0", "OFF"))
    else:
        lab.fact("on MariaDB, innodb_snapshot_isolation is off", True)
    lab.fact("at the default isolation level, s2 commits and the counter ends at 1",
             default_committed and default_final == 1)

    s2_refused = flush.raised(OperationalError)
    # Each option speaks of both backends; a run decides the part about the backend it runs on.
    if lab.backend == "postgresql":
        described_by_b = s2_refused and driver_error == "SerializationFailure" and final == 1
        described_by_c = s2_committed and final == 1
    else:
        described_by_b = s2_committed and final == 1
        described_by_c = s2_refused

    return {
        "A": s2_committed and final == 2,
        "B": described_by_b,
        "C": described_by_c,
        "D": flush.raised(StaleDataError),
        "E": final == 2,
    }


if __name__ == "__main__":
    run_alone(__file__)

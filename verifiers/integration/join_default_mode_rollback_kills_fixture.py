"""A Session joined to a connection's transaction in the default mode never commits it, but its
rollback() rolls the whole fixture transaction back."""

import warnings
from dataclasses import dataclass

from sqlalchemy import String, insert, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Item(Base):
    __tablename__ = "item"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(20))


@dataclass
class TestRun:
    """What one fixture-plus-test run showed."""

    commit_sent: list[str]  # statements session.commit() sent
    others_see_after_commit: list[str]
    outer_active_after_rollback: bool
    fixture_connection_sees: list[str]
    teardown_warnings: list[str]  # what outer.rollback() at teardown warned
    kinds: list[str]  # statements sent on the fixture's connection


def names_another_connection_sees(lab: Lab) -> list[str]:
    with lab.other_connection() as other:
        return sorted(other.scalars(select(Item.name)))


def fixture_and_test(lab: Lab, **session_options: str) -> TestRun:
    """The fixture opens a transaction and inserts its row; the test commits one row, then
    flushes and rolls back another; the fixture rolls back its transaction, then whatever is still open."""
    with lab.engine.connect() as conn, lab.capture() as sql:
        outer = conn.begin()
        conn.execute(insert(Item), {"name": "fixture"})
        with Session(bind=conn, **session_options) as session:
            session.add(Item(name="committed"))
            with lab.capture() as committing:
                session.commit()
            others_see = names_another_connection_sees(lab)
            session.add(Item(name="discarded"))
            session.flush()
            session.rollback()
            # (3): what the test's connection holds now
            outer_active = outer.is_active
            # If outer is gone, this SELECT begins a new transaction on the same connection.
            seen = sorted(conn.scalars(select(Item.name)))
        # Teardown: the fixture rolls back its transaction (which only warns if the Session
        # already ended it), then whatever transaction the connection has now.
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            outer.rollback()
        conn.rollback()
    on_test_connection = [s.kind for s in sql if not s.connection.startswith("other")]
    return TestRun(
        [s.kind for s in committing if not s.connection.startswith("other")],
        others_see,
        outer_active,
        seen,
        [f"{w.category.__name__}: {w.message}" for w in caught],
        on_test_connection,
    )


def delete_everything(lab: Lab) -> None:
    with lab.engine.begin() as conn:
        conn.execute(Item.__table__.delete())


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)

    with Session(lab.engine) as unused:
        lab.fact("the default join_transaction_mode", unused.join_transaction_mode)
    default = fixture_and_test(lab)
    lab.fact("default mode: statements session.commit() sent", default.commit_sent)
    lab.fact("default mode: another connection sees after session.commit()", default.others_see_after_commit)
    lab.fact("default mode: outer.is_active after session.rollback()", default.outer_active_after_rollback)
    lab.fact("default mode: the test's connection sees after session.rollback()", default.fixture_connection_sees)
    lab.fact("default mode: statements on the fixture's connection", default.kinds)
    lab.fact("default mode: what outer.rollback() at teardown warned", default.teardown_warnings)
    lab.fact("default mode: rows left after the fixture ends", names_another_connection_sees(lab))
    delete_everything(lab)

    rollback_only = fixture_and_test(lab, join_transaction_mode="rollback_only")
    lab.fact("rollback_only: the run is the default mode's, statement for statement", rollback_only == default)
    delete_everything(lab)

    savepoint = fixture_and_test(lab, join_transaction_mode="create_savepoint")
    lab.fact("create_savepoint: outer.is_active after session.rollback()", savepoint.outer_active_after_rollback)
    lab.fact("create_savepoint: the test's connection sees", savepoint.fixture_connection_sees)
    lab.fact("create_savepoint: statements on the fixture's connection", savepoint.kinds)
    lab.fact("create_savepoint: rows left after the fixture ends", names_another_connection_sees(lab))
    delete_everything(lab)

    fully = fixture_and_test(lab, join_transaction_mode="control_fully")
    lab.fact("control_fully: another connection sees after session.commit()", fully.others_see_after_commit)
    delete_everything(lab)

    both = ["committed", "fixture"]
    return {
        "A": default.others_see_after_commit == both,
        "B": default.outer_active_after_rollback is False,
        "C": default.fixture_connection_sees == both,
        "D": "SAVEPOINT" in default.kinds,
        "E": savepoint.outer_active_after_rollback and savepoint.fixture_connection_sees == both,
        "F": fully.others_see_after_commit == both,
    }


if __name__ == "__main__":
    run_alone(__file__)

"""Session.rollback() and Session.commit() end the whole transaction, even with a savepoint open."""

from collections.abc import Callable
from typing import NamedTuple

from sqlalchemy import Connection, String, func, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, SessionTransaction, mapped_column

from verifiers import Lab, ObjectState, run_alone


class Base(DeclarativeBase):
    pass


class Account(Base):
    __tablename__ = "account"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    owner: Mapped[str] = mapped_column(String(50))


def count_accounts(executor: Session | Connection) -> int:
    return executor.scalar(select(func.count()).select_from(Account))


class Ending(NamedTuple):
    flow: list[str]  # the transaction control the ending call sent
    in_transaction: bool  # session.in_transaction() right after it
    ada: ObjectState  # ada right after it
    count_sent: list[str]  # what the same session's next count sent
    own_count: int  # what that count found
    other_count: int  # what another connection counts afterwards


def end_with_savepoint_open(lab: Lab, label: str, end: Callable[[Session, SessionTransaction], None]) -> Ending:
    """Flush ada, open a savepoint, flush bob, then call ``end(session, savepoint)``."""
    with Session(lab.engine) as session:
        ada = Account(id=1, owner="ada")
        session.add(ada)
        session.flush()
        savepoint = session.begin_nested()
        session.add(Account(id=2, owner="bob"))
        session.flush()
        with lab.capture() as ending:
            end(session, savepoint)
        in_transaction = lab.fact(f"{label}: session.in_transaction() afterwards", session.in_transaction())
        ada_state = lab.state(ada)
        with lab.capture() as counting:
            own_count = lab.fact(f"{label}: rows the same session counts afterwards", count_accounts(session))
        session.rollback()
    flow = lab.fact(f"{label}: transaction control sent", ending.transaction_flow())
    with lab.other_connection() as other:
        other_count = lab.fact(f"{label}: rows another connection counts", count_accounts(other))
    return Ending(flow, in_transaction, ada_state, counting.kinds(), own_count, other_count)


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)

    back = end_with_savepoint_open(lab, "case 1, session.rollback()", lambda session, savepoint: session.rollback())
    lab.fact("case 1: ada after session.rollback()", back.ada)
    lab.fact("case 1: statements the next count sent", back.count_sent)

    # The advice: roll back the object begin_nested() returned instead.
    only_savepoint = end_with_savepoint_open(lab, "sp.rollback()", lambda session, savepoint: savepoint.rollback())
    lab.fact(
        "sp.rollback() instead: transaction control sent, in_transaction(), rows the session counts",
        [only_savepoint.flow, only_savepoint.in_transaction, only_savepoint.own_count],
    )

    commit = end_with_savepoint_open(lab, "case 2, session.commit()", lambda session, savepoint: session.commit())
    lab.fact("case 2: ada after session.commit()", commit.ada)

    return {
        "A": back.own_count == 1 or back.other_count == 1,
        "B": back.flow == ["ROLLBACK TO SAVEPOINT", "ROLLBACK"],
        "C": not back.in_transaction and back.own_count == 0 and back.other_count == 0,
        "D": back.ada.persistent,
        "E": commit.flow == ["RELEASE SAVEPOINT", "COMMIT"] and not commit.in_transaction and commit.other_count == 2,
        "F": commit.in_transaction or commit.other_count < 2,
    }


if __name__ == "__main__":
    run_alone(__file__)

"""Session.rollback() and Session.commit() end the whole transaction, even with a savepoint open."""

from collections.abc import Callable

from sqlalchemy import Connection, String, func, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from verifiers import Lab, ObjectState, run_alone


class Base(DeclarativeBase):
    pass


class Account(Base):
    __tablename__ = "account"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    owner: Mapped[str] = mapped_column(String(50))


def count_accounts(executor: Session | Connection) -> int:
    return executor.scalar(select(func.count()).select_from(Account))


def end_with_savepoint_open(
    lab: Lab, label: str, end: Callable[[Session], None]
) -> tuple[list[str], bool, ObjectState, int, int]:
    """Flush ada, open a savepoint, flush bob, then call ``end(session)``.

    Returns the transaction control sent by ``end``, ``in_transaction()`` after
    it, ada's state, what the same session then counts, and what another
    connection counts.
    """
    with Session(lab.engine) as session:
        ada = Account(id=1, owner="ada")
        session.add(ada)
        session.flush()
        session.begin_nested()
        session.add(Account(id=2, owner="bob"))
        session.flush()
        with lab.capture() as ending:
            end(session)
        in_transaction = lab.fact(f"{label}: session.in_transaction() afterwards", session.in_transaction())
        ada_state = lab.fact(f"{label}: ada afterwards", lab.state(ada))
        own_count = lab.fact(f"{label}: rows the same session counts afterwards", count_accounts(session))
        session.rollback()
    flow = lab.fact(f"{label}: transaction control sent", ending.transaction_flow())
    with lab.other_connection() as other:
        other_count = lab.fact(f"{label}: rows another connection counts", count_accounts(other))
    return flow, in_transaction, ada_state, own_count, other_count


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)

    back_flow, back_in_tx, back_ada, back_own, back_other = end_with_savepoint_open(
        lab, "case 1, session.rollback()", Session.rollback
    )
    commit_flow, commit_in_tx, _, _, commit_other = end_with_savepoint_open(
        lab, "case 2, session.commit()", Session.commit
    )

    return {
        "A": back_own == 1 or back_other == 1,
        "B": back_flow == ["ROLLBACK TO SAVEPOINT", "ROLLBACK"],
        "C": not back_in_tx and back_own == 0 and back_other == 0,
        "D": back_ada.persistent,
        "E": commit_flow == ["RELEASE SAVEPOINT", "COMMIT"] and not commit_in_tx and commit_other == 2,
        "F": commit_in_tx or commit_other < 2,
    }


if __name__ == "__main__":
    run_alone(__file__)

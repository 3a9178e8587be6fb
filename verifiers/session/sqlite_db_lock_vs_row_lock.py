"""A flushed UPDATE locks one row on PostgreSQL and MariaDB, but the whole database file for writers on SQLite."""

import time

from sqlalchemy import select, text, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Account(Base):
    __tablename__ = "account"
    id: Mapped[int] = mapped_column(primary_key=True)
    balance: Mapped[int]


# The other connection gives up on a lock after one second.
LOCK_WAIT = {
    "sqlite": "PRAGMA busy_timeout = 1000",
    "postgresql": "SET lock_timeout = '1s'",
    "mariadb": "SET SESSION innodb_lock_wait_timeout = 1",
}


def timed(lab: Lab, label: str, call):
    start = time.monotonic()
    result = lab.attempt(label, call)
    return result, time.monotonic() - start


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        Base.metadata.create_all(lab.engine)
        with Session(lab.engine) as seed:
            seed.add_all([Account(id=1, balance=100), Account(id=2, balance=200)])
            seed.commit()

    with Session(lab.engine) as session, lab.other_connection() as other:
        other.execute(text(LOCK_WAIT[lab.backend]))
        other.commit()
        lab.fact("on SQLite, the database file uses the rollback journal",
                 other.scalar(text("PRAGMA journal_mode")) == "delete" if lab.backend == "sqlite" else True)
        other.rollback()
        with lab.capture():
            session.get(Account, 1).balance = 150
            session.flush()  # UPDATE account 1, not committed

            def other_update(account_id: int) -> None:
                try:
                    other.execute(update(Account).where(Account.id == account_id).values(balance=0))
                finally:
                    other.rollback()

            other_row, other_row_seconds = timed(lab, "(1) other connection updates account 2", lambda: other_update(2))
            same_row, same_row_seconds = timed(lab, "(2) other connection updates account 1", lambda: other_update(1))
            read, read_seconds = timed(lab, "(3) other connection reads account 1",
                                       lambda: other.scalar(select(Account.balance).where(Account.id == 1)))
            other.rollback()
        session.rollback()

    other_row_waited = lab.fact("(1) waited about the 1 s limit", other_row_seconds >= 0.9)
    same_row_waited = lab.fact("(2) waited about the 1 s limit", same_row_seconds >= 0.9)
    lab.fact("(3) returned in under half a second", read_seconds < 0.5)
    lab.fact("(2)'s error is as the text says for this backend", all(part in (same_row.message or "") for part in {
        "sqlite": ["database is locked"],
        "postgresql": ["LockNotAvailable"],
        "mariadb": ["1205", "Lock wait timeout exceeded"],
    }[lab.backend]))

    def failed_after_wait(result, waited: bool, match: str) -> bool:
        return result.raised(OperationalError, match=match) and waited

    locked = "database is locked"
    lock_timeout = "LockNotAvailable|lock timeout|Lock wait timeout exceeded"
    # Each option speaks of every backend; a run decides the part about the backend it runs on.
    if lab.backend == "sqlite":
        described_by_a = other_row.ok and same_row.raised(OperationalError)
        described_by_d = (failed_after_wait(other_row, other_row_waited, locked)
                          and failed_after_wait(same_row, same_row_waited, locked))
    else:
        described_by_a = other_row.raised(OperationalError) and same_row.raised(OperationalError)
        described_by_d = (other_row.ok and other_row_seconds < 0.5
                          and failed_after_wait(same_row, same_row_waited, lock_timeout))

    read_committed_balance = read.ok and read.value == 100
    return {
        "A": described_by_a,
        "B": same_row.ok,
        "C": same_row.error_class is not None and not same_row_waited,
        "D": described_by_d and read_committed_balance,
        "E": not read.ok,
    }


if __name__ == "__main__":
    run_alone(__file__)

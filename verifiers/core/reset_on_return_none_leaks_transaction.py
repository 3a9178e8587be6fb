"""pool_reset_on_return=None: uncommitted work on a returned connection is still there for the next borrower."""

from sqlalchemy import Column, Integer, MetaData, Table
from sqlalchemy.pool import QueuePool

from verifiers import Lab, run_alone

metadata = MetaData()
note = Table("note", metadata, Column("id", Integer, primary_key=True))


def borrow_twice(lab: Lab, **pool_options) -> tuple[int, bool, bool]:
    """Insert on a raw connection without committing, give it back, and look from the next checkout."""
    engine = lab.make_engine(poolclass=QueuePool, pool_size=1, max_overflow=0, **pool_options)
    first = engine.raw_connection()
    first_driver = first.driver_connection
    cursor = first.cursor()
    cursor.execute("INSERT INTO note (id) VALUES (1)")
    cursor.close()
    first.close()  # back to the pool, never committed
    second = engine.raw_connection()
    same = second.driver_connection is first_driver
    try:
        cursor = second.cursor()
        cursor.execute("SELECT count(*) FROM note")
        count = cursor.fetchone()[0]
        cursor.execute("SELECT txid_current_if_assigned() IS NOT NULL")
        in_transaction = cursor.fetchone()[0]
        cursor.close()
        second.rollback()
    finally:
        second.close()
    return count, in_transaction, same


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        metadata.create_all(lab.engine)

    default_count, default_open, _ = borrow_twice(lab)
    lab.fact("default reset: rows the next borrower counts", default_count)
    lab.fact("default reset: the next borrower is inside a transaction with a write", default_open)
    none_count, none_open, same = borrow_twice(lab, pool_reset_on_return=None)
    lab.fact("second is the same DBAPI connection as first", same)
    lab.fact("reset None: rows the next borrower counts", none_count)
    lab.fact("reset None: the next borrower is inside a transaction with a write", none_open)

    return {
        "A": default_count == 1,
        "B": none_count == 0 and default_count == 0,
        "C": none_count == 1 and none_open and default_count == 0 and not default_open,
        "D": none_count == 1 and not none_open,
    }


if __name__ == "__main__":
    run_alone(__file__)

"""For QueuePool, pool_size=0 means "no limit", not "no pooling"; NullPool is what turns pooling off."""

from contextlib import ExitStack

from sqlalchemy import text
from sqlalchemy.pool import NullPool

from verifiers import Lab, run_alone

HELD_AT_ONCE = 8


def prove(lab: Lab) -> dict[str, bool]:
    engine = lab.make_engine(label="unsized", pool_size=0, max_overflow=0, pool_timeout=2)
    pool_class = lab.fact("pool class of the engine", type(engine.pool).__name__)

    # Hold eight connections at the same time, each running a statement.
    opened_before = engine.pool.checkedin()
    checkout_error = None
    held = []
    with ExitStack() as stack:
        try:
            for _ in range(HELD_AT_ONCE):
                conn = stack.enter_context(engine.connect())
                conn.execute(text("SELECT 1"))
                held.append(conn.connection.dbapi_connection)
        except Exception as error:  # what "the first connect() times out" predicts
            checkout_error = type(error).__name__
        checked_out = lab.fact("connections checked out at once", engine.pool.checkedout())
        lab.fact("pool.status() while they are held", engine.pool.status())
    lab.fact("exception while checking out", checkout_error)
    distinct_held = lab.fact("distinct DBAPI connections held", len({id(c) for c in held}))

    # All eight are back: are they closed (no pooling) or kept for reuse?
    idle_after = lab.fact("connections idle in the pool after all are returned", engine.pool.checkedin())
    lab.fact("pool.status() after they are returned", engine.pool.status())
    with engine.connect() as conn:
        reused = lab.fact("the next connect() reuses one of the eight", any(conn.connection.dbapi_connection is c for c in held))

    # The pool that really does no pooling, given the same pool_size.
    nullpool_error = None
    try:
        lab.make_engine(label="nullpool", poolclass=NullPool, pool_size=0)
    except Exception as error:
        nullpool_error = error
    lab.fact("exception from create_engine(..., poolclass=NullPool, pool_size=0)", repr(nullpool_error))

    return {
        "A": idle_after == 0 and not reused,
        "B": checkout_error is None and checked_out == HELD_AT_ONCE and distinct_held == HELD_AT_ONCE,
        "C": pool_class == "QueuePool" and opened_before == 0 and idle_after == HELD_AT_ONCE and reused,
        "D": checkout_error == "TimeoutError",
        "E": nullpool_error is None,
    }


if __name__ == "__main__":
    run_alone(__file__)

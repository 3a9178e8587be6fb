"""For QueuePool, pool_size=0 means "no limit", not "no pooling"; NullPool is what turns pooling off."""

from contextlib import ExitStack

from sqlalchemy import event, exc, text
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
            checkout_error = error
        checked_out = lab.fact("connections checked out at once", engine.pool.checkedout())
        lab.fact("pool.status() while they are held", engine.pool.status())
    lab.fact("exception while checking out", type(checkout_error).__name__ if checkout_error else None)
    distinct_held = lab.fact("distinct DBAPI connections held", len({id(c) for c in held}))

    # All eight are back: are they closed (no pooling) or kept for reuse?
    idle_after = lab.fact("connections idle in the pool after all are returned", engine.pool.checkedin())
    lab.fact("pool.status() after they are returned", engine.pool.status())
    with engine.connect() as conn:
        reused = lab.fact("the next connect() reuses one of the eight", any(conn.connection.dbapi_connection is c for c in held))

    # The pool that really does no pooling, given the same pool_size.
    # NullPool without sizing arguments: a DBAPI connection per checkout, closed on return.
    unpooled = lab.make_engine(label="unpooled", poolclass=NullPool)
    events = {"connect": 0, "close": 0}
    event.listen(unpooled, "connect", lambda *_: events.__setitem__("connect", events["connect"] + 1))
    event.listen(unpooled, "close", lambda *_: events.__setitem__("close", events["close"] + 1))
    for _ in range(2):
        with unpooled.connect() as conn:
            conn.execute(text("SELECT 1"))
    lab.fact("NullPool: DBAPI connections opened / closed for two checkouts", [events["connect"], events["close"]])

    nullpool = lab.attempt(
        "create_engine(..., poolclass=NullPool, pool_size=0)",
        lambda: lab.make_engine(label="nullpool", poolclass=NullPool, pool_size=0),
    )
    lab.fact(
        "NullPool with pool_size: TypeError naming the invalid pool_size argument",
        nullpool.raised(TypeError, match=r"Invalid argument\(s\) 'pool_size'"),
    )

    return {
        "A": idle_after == 0 and not reused,
        "B": checkout_error is None and checked_out == HELD_AT_ONCE and distinct_held == HELD_AT_ONCE,
        "C": pool_class == "QueuePool" and opened_before == 0 and idle_after == HELD_AT_ONCE and reused,
        "D": type(checkout_error) is exc.TimeoutError,
        "E": nullpool.ok,
    }


if __name__ == "__main__":
    run_alone(__file__)

"""A disconnect error invalidates the whole pool: every connection made before it is replaced."""

from sqlalchemy import exc, text
from sqlalchemy.pool import QueuePool

from verifiers import Lab, run_alone


def backend_pid(conn) -> int:
    return conn.scalar(text("SELECT pg_backend_pid()"))


def prove(lab: Lab) -> dict[str, bool]:
    engine = lab.make_engine(poolclass=QueuePool, pool_size=2, max_overflow=0)
    one, two = engine.connect(), engine.connect()
    pid_a, pid_b = backend_pid(one), backend_pid(two)
    one.close()  # A goes back to the pool first, so the next checkout gets it (the pool is FIFO)
    two.close()
    # both idle in the pool now; end only A's server process, from outside the pool
    with lab.other_connection() as other:
        other.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid_a})

    with lab.capture():
        with engine.connect() as conn:
            broken = lab.attempt("the checkout that gets A runs SELECT 1", lambda: conn.execute(text("SELECT 1")))
            invalidated = lab.fact("that error is a disconnect", isinstance(broken.error, exc.DBAPIError)
                                   and broken.error.connection_invalidated)
            conn.rollback()  # a Connection whose DBAPI connection was invalidated needs this before closing
        with engine.connect() as conn:
            next_pid = backend_pid(conn)
    with lab.other_connection() as other:
        b_alive = lab.fact("B's server process still exists",
                           other.scalar(text("SELECT count(*) FROM pg_stat_activity WHERE pid = :pid"), {"pid": pid_b}) == 1)
    lab.fact("the next checkout is a new connection (neither A nor B)", next_pid not in (pid_a, pid_b))

    return {
        "A": broken.raised(exc.OperationalError) and invalidated and next_pid not in (pid_a, pid_b) and not b_alive,
        "B": next_pid == pid_b,
        "C": broken.ok,
        "D": broken.raised(exc.OperationalError) and next_pid not in (pid_a, pid_b) and b_alive,
    }


if __name__ == "__main__":
    run_alone(__file__)

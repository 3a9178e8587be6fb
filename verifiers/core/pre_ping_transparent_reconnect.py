"""pool_pre_ping=True tests a connection at checkout and replaces a dead one before the application uses it."""

from sqlalchemy import exc, text
from sqlalchemy.pool import QueuePool

from verifiers import Lab, run_alone


def backend_pid(conn) -> int:
    return conn.scalar(text("SELECT pg_backend_pid()"))


def run_after_a_dropped_connection(lab: Lab, pre_ping: bool):
    engine = lab.make_engine(poolclass=QueuePool, pool_size=1, max_overflow=0, pool_pre_ping=pre_ping)
    with engine.connect() as conn:
        old_pid = backend_pid(conn)
    with lab.other_connection() as other:  # the server drops the idle connection
        other.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": old_pid})
    with lab.capture() as sent, engine.connect() as conn:
        result = lab.attempt(f"SELECT pg_backend_pid() (pool_pre_ping={pre_ping})", lambda: backend_pid(conn))
        if not result.ok:
            conn.rollback()
    return result, old_pid, sent


def prove(lab: Lab) -> dict[str, bool]:
    pinged, old_pid, sent = run_after_a_dropped_connection(lab, pre_ping=True)
    lab.fact("with pre-ping: the query ran on a new server process", pinged.ok and pinged.value != old_pid)
    lab.fact("with pre-ping: statements the checkout and query sent", sent.kinds())
    plain, _, _ = run_after_a_dropped_connection(lab, pre_ping=False)

    return {
        "A": pinged.raised(exc.OperationalError),
        "B": pinged.ok and pinged.value != old_pid and plain.raised(exc.OperationalError),
        "C": plain.ok,
        "D": pinged.raised(exc.DisconnectionError),
    }


if __name__ == "__main__":
    run_alone(__file__)

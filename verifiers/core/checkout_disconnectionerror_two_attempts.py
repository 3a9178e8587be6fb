"""A "checkout" listener raising DisconnectionError makes the pool retry, but only two checkouts in all; then InvalidRequestError."""

import time
from typing import Any

from sqlalchemy import event, exc, text

from verifiers import Lab, run_alone


def run_with_failures(lab: Lab, label: str, failures: int) -> dict[str, Any]:
    """Connect once through an engine whose checkout health check fails the first ``failures`` times."""
    engine = lab.make_engine(label=label, pool_size=1, max_overflow=0, pool_timeout=2)
    calls = {"checkout": 0, "connect": 0}
    failures_left = failures

    @event.listens_for(engine, "connect")
    def on_connect(_dbapi_connection: Any, _record: Any) -> None:
        calls["connect"] += 1

    # insert=True: run before the harness's own checkout counter, which would otherwise count
    # a checkout that this listener then aborts as a connection left checked out.
    @event.listens_for(engine, "checkout", insert=True)
    def health_check(_dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
        nonlocal failures_left
        calls["checkout"] += 1
        if failures_left > 0:
            failures_left -= 1
            raise exc.DisconnectionError("connection failed the health check")

    def connect_and_select() -> Any:
        with engine.connect() as conn:
            return conn.execute(text("SELECT 1")).scalar()

    started = time.monotonic()
    result = lab.attempt(f"N={failures}: engine.connect() and SELECT 1", connect_and_select)
    elapsed = time.monotonic() - started
    caught = result.error
    return {
        "result": result,
        "error name": f"{type(caught).__module__}.{type(caught).__name__}" if caught else None,
        "message": str(caught).splitlines()[0] if caught else None,
        "answer": result.value,
        "returned within 1 s (no pool_timeout wait)": elapsed < 1.0,
        "checkout listener calls": calls["checkout"],
        "DBAPI connections opened": calls["connect"],
        "checked out afterwards": engine.pool.checkedout(),
    }


def prove(lab: Lab) -> dict[str, bool]:
    once = run_with_failures(lab, "fails_once", failures=1)
    for key, value in once.items():
        if key != "result":
            lab.fact(f"N=1: {key}", value)

    always = run_with_failures(lab, "fails_always", failures=10)
    for key, value in always.items():
        if key != "result":
            lab.fact(f"N=10: {key}", value)
    lab.fact("N=10: DBAPI connections opened in all", always["DBAPI connections opened"])
    lab.fact("N=10: raised within 1 s (no pool_timeout wait)", always["returned within 1 s (no pool_timeout wait)"])
    once_result, always_result = once["result"], always["result"]

    return {
        "A": once_result.ok and once["answer"] == 1 and once["checkout listener calls"] == 2
        and once["DBAPI connections opened"] == 2,
        "B": once_result.raised(exc.DisconnectionError),
        "C": always["checkout listener calls"] >= 3,
        "D": always_result.raised(exc.InvalidRequestError, match="This connection is closed")
        and always["checkout listener calls"] == 2,
        "E": always_result.raised(exc.TimeoutError),
    }


if __name__ == "__main__":
    run_alone(__file__)

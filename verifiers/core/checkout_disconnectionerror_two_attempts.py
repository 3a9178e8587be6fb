"""A "checkout" listener raising DisconnectionError makes the pool retry, but only two checkouts in all; then InvalidRequestError."""

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

    caught = None
    answer = None
    try:
        with engine.connect() as conn:
            answer = conn.execute(text("SELECT 1")).scalar()
    except Exception as error:  # the question is which exception, so catch them all
        caught = error
    return {
        "error": caught,
        "error name": f"{type(caught).__module__}.{type(caught).__name__}" if caught else None,
        "message": str(caught).splitlines()[0] if caught else None,
        "answer": answer,
        "checkout listener calls": calls["checkout"],
        "DBAPI connections opened": calls["connect"],
        "checked out afterwards": engine.pool.checkedout(),
    }


def prove(lab: Lab) -> dict[str, bool]:
    once = run_with_failures(lab, "fails_once", failures=1)
    for key, value in once.items():
        if key != "error":
            lab.fact(f"N=1: {key}", value)

    always = run_with_failures(lab, "fails_always", failures=10)
    for key, value in always.items():
        if key != "error":
            lab.fact(f"N=10: {key}", value)
    always_error = always["error"]

    return {
        "A": once["error"] is None and once["answer"] == 1 and once["checkout listener calls"] == 2
        and once["DBAPI connections opened"] == 2,
        "B": isinstance(once["error"], exc.DisconnectionError),
        "C": always["checkout listener calls"] >= 3,
        "D": isinstance(always_error, exc.InvalidRequestError)
        and not isinstance(always_error, exc.DisconnectionError)
        and always["checkout listener calls"] == 2,
        "E": isinstance(always_error, exc.TimeoutError),
    }


if __name__ == "__main__":
    run_alone(__file__)

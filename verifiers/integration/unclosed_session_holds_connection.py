"""A Session that is never closed keeps its connection checked out, even if it only read: with a small
pool, the next request waits for pool_timeout and fails."""

import time

from sqlalchemy import String, event, select, text
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Item(Base):
    __tablename__ = "item"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(30))


class Request:
    """Stands in for a web framework's request object, which keeps the request's Session."""

    db: Session


def server_state(lab: Lab, session: Session) -> str:
    """What PostgreSQL reports for the backend process behind ``session``'s connection."""
    pid = session.scalar(text("SELECT pg_backend_pid()"))
    with lab.other_connection() as other:
        return other.scalar(text("SELECT state FROM pg_stat_activity WHERE pid = :pid"), {"pid": pid})


def serve_two_requests(lab: Lab, close_at_end: bool) -> dict[str, object]:
    engine = lab.make_engine(pool_size=1, max_overflow=0, pool_timeout=1)
    dbapi_connections: list[int] = []
    opened: list[object] = []
    event.listen(engine, "connect", lambda dbapi_connection, _record: opened.append(dbapi_connection))

    def handle_request(request: Request) -> list[str]:
        request.db = Session(engine)
        names = request.db.scalars(select(Item.name)).all()
        dbapi_connections.append(id(request.db.connection().connection.dbapi_connection))
        if close_at_end:
            request.db.close()
        return names

    first, second = Request(), Request()
    outcome: dict[str, object] = {}
    try:
        outcome["first request returned"] = handle_request(first)
        outcome["checked out after the first request"] = engine.pool.checkedout()
        outcome["first Session still in a transaction"] = first.db.in_transaction()
        if lab.backend == "postgresql" and not close_at_end:
            outcome["pg_stat_activity.state of the first request's connection"] = server_state(lab, first.db)
        started = time.monotonic()
        try:
            outcome["second request returned"] = handle_request(second)
            outcome["second request raised"] = None
        except PoolTimeoutError as error:
            outcome["second request raised"] = type(error).__name__
            outcome["second request's message"] = str(error).split(",")[0]
        outcome["seconds the second request took"] = round(time.monotonic() - started, 1)
        outcome["connections the pool opened"] = len(opened)
        outcome["same DBAPI connection both times"] = len(dbapi_connections) == 2 and len(set(dbapi_connections)) == 1
    finally:
        for request in (first, second):
            if hasattr(request, "db"):
                request.db.close()
    return outcome


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)
    with Session(lab.engine) as setup:
        setup.add(Item(name="pen"))
        setup.commit()

    leaky = serve_two_requests(lab, close_at_end=False)
    for label, value in leaky.items():
        lab.fact(f"never closed: {label}", value)
    lab.fact("the timeout's message names the QueuePool limit",
             "QueuePool limit of size 1 overflow 0 reached" in str(leaky.get("second request's message")))
    lab.fact("the server state of the unclosed Session's connection is as the text says for this backend",
             leaky.get("pg_stat_activity.state of the first request's connection") == "idle in transaction"
             if lab.backend == "postgresql" else True)
    tidy = serve_two_requests(lab, close_at_end=True)
    for label, value in tidy.items():
        lab.fact(f"closed at the end: {label}", value)

    return {
        "A": leaky["second request raised"] is None,
        "B": leaky["second request raised"] == "TimeoutError" and leaky["seconds the second request took"] >= 0.9,
        "C": leaky["checked out after the first request"] == 1,
        "D": leaky["connections the pool opened"] > 1,
        "E": tidy["second request raised"] is None and tidy["same DBAPI connection both times"],
        "F": leaky["first Session still in a transaction"],
    }


if __name__ == "__main__":
    run_alone(__file__)

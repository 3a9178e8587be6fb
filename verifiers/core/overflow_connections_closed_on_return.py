"""QueuePool keeps at most pool_size idle connections: overflow is a count, so extra connections are closed as they come back."""

from typing import Any

from sqlalchemy import event, text

from verifiers import Lab, run_alone


def prove(lab: Lab) -> dict[str, bool]:
    engine = lab.make_engine(label="app", pool_size=1, max_overflow=2)

    opened: list[int] = []  # ids of the DBAPI connections the pool really opens...
    closed: list[int] = []  # ...and of those it really closes

    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        opened.append(id(dbapi_connection))

    @event.listens_for(engine, "close")
    def on_close(dbapi_connection: Any, _record: Any) -> None:
        closed.append(id(dbapi_connection))

    with engine.connect() as a, engine.connect() as b, engine.connect() as c:
        for conn in (a, b, c):
            conn.execute(text("SELECT 1"))
        a_dbapi = a.connection.dbapi_connection
        b_dbapi = b.connection.dbapi_connection
        c_dbapi = c.connection.dbapi_connection
        lab.fact("pool while a, b and c are held", engine.pool.status())
        overflow_while_held = lab.fact("engine.pool.overflow() while held", engine.pool.overflow())
        opened_while_held = lab.fact("DBAPI connections opened while held", len(opened))
    # The with statement has closed c, then b, then a.

    lab.fact("pool after the block", engine.pool.status())
    idle_after = lab.fact("engine.pool.checkedin() after the block", engine.pool.checkedin())
    closed_after = lab.fact("DBAPI connections really closed when returned", len(closed))
    who_closed = lab.fact(
        "which were closed",
        [name for name, dbapi in (("a", a_dbapi), ("b", b_dbapi), ("c", c_dbapi)) if id(dbapi) in closed],
    )

    with engine.connect() as d:
        d.execute(text("SELECT 1"))
        d_dbapi = d.connection.dbapi_connection
        reuse = lab.fact(
            "d got the DBAPI connection of",
            next((name for name, dbapi in (("a", a_dbapi), ("b", b_dbapi), ("c", c_dbapi)) if dbapi is d_dbapi), "a new one"),
        )
    opened_in_all = lab.fact("DBAPI connections opened in all", len(opened))

    return {
        "A": reuse == "a" and who_closed == ["b", "c"],
        "B": idle_after == 3 and closed_after == 0,
        "C": closed_after == 2 and idle_after == 1,
        "D": opened_while_held == 3 and overflow_while_held == 2,
        "E": reuse == "c" and who_closed == ["a", "b"] and opened_in_all == 3,
    }


if __name__ == "__main__":
    run_alone(__file__)

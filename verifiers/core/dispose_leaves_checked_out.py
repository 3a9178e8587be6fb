"""engine.dispose() replaces the pool and closes only idle connections; a connection checked out keeps working and returns to the old pool."""

from typing import Any

from sqlalchemy import event, text

from verifiers import Lab, run_alone


def prove(lab: Lab) -> dict[str, bool]:
    engine = lab.make_engine(label="app", pool_size=2, max_overflow=0)

    opened: list[int] = []  # ids of the DBAPI connections the pools open...
    closed: list[int] = []  # ...and of those they really close

    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        opened.append(id(dbapi_connection))

    @event.listens_for(engine, "close")
    def on_close(dbapi_connection: Any, _record: Any) -> None:
        closed.append(id(dbapi_connection))

    with engine.connect() as held:
        held_dbapi = held.connection.dbapi_connection
        held.execute(text("SELECT 1"))
        with engine.connect() as idle:
            idle_dbapi = idle.connection.dbapi_connection
            idle.execute(text("SELECT 1"))
        # `idle` is back in the pool, `held` is still checked out.
        old_pool = engine.pool
        lab.fact("old pool before dispose()", old_pool.status())

        opened_before_dispose = len(opened)
        engine.dispose()

        new_pool = engine.pool
        same_pool = lab.fact("engine.pool is the same object after dispose()", new_pool is old_pool)
        idle_closed = lab.fact("the idle connection was closed by dispose()", id(idle_dbapi) in closed)
        held_closed = lab.fact("the held connection was closed by dispose()", id(held_dbapi) in closed)

        lab.fact("the new pool's pool_size and idle connections right after dispose()", [new_pool.size(), new_pool.checkedin()])
        lab.fact("held is still in its transaction after dispose()", held.in_transaction())
        selecting = lab.attempt("the held connection's query after dispose()", lambda: held.execute(text("SELECT 2")).scalar())
        held_answer = selecting.value
        still_same = lab.fact(
            "held still wraps the DBAPI connection it had before dispose()", held.connection.dbapi_connection is held_dbapi
        )
    # `held` has been closed (returned) here.

    in_new_pool = lab.fact("connections idle in the new pool after held.close()", new_pool.checkedin())
    in_old_pool = lab.fact("connections idle in the old pool after held.close()", old_pool.checkedin())
    with engine.connect() as after:
        after_dbapi = after.connection.dbapi_connection
        after.execute(text("SELECT 3"))
        reused_held = lab.fact("the next connect() reuses the held DBAPI connection", after_dbapi is held_dbapi)
        reused_idle = lab.fact("the next connect() reuses the idle DBAPI connection", after_dbapi is idle_dbapi)
        freshly_opened = lab.fact(
            "the next connect() got a DBAPI connection opened after dispose()", id(after_dbapi) in opened[opened_before_dispose:]
        )
    lab.fact("new pool after the next connect()", new_pool.status())

    return {
        "A": not selecting.ok or held_closed,
        "B": selecting.ok and held_answer == 2 and still_same and not held_closed,
        "C": idle_closed,
        "D": same_pool,
        "E": in_new_pool > 0 or reused_held,
        "F": in_old_pool == 1 and in_new_pool == 0 and freshly_opened and not reused_held and not reused_idle,
    }


if __name__ == "__main__":
    run_alone(__file__)

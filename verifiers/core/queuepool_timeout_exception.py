"""A full QueuePool makes connect() wait pool_timeout seconds, then raise SQLAlchemy's own TimeoutError."""

import builtins
import time
from typing import Any

from sqlalchemy import event, exc, text

from verifiers import Lab, run_alone


def prove(lab: Lab) -> dict[str, bool]:
    engine = lab.make_engine(label="app", pool_size=1, max_overflow=0, pool_timeout=0.5)

    opened: list[int] = []  # ids of the DBAPI connections the pool really opens

    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        opened.append(id(dbapi_connection))

    caught = None
    second_ran = False
    with engine.connect() as first:
        first_dbapi = first.connection.dbapi_connection
        first.execute(text("SELECT 1"))
        started = time.monotonic()
        try:
            with engine.connect() as second:
                second.execute(text("SELECT 2"))
                second_ran = True
        except Exception as error:  # the question is which exception, so catch them all
            caught = error
        waited = lab.fact("seconds connect() took before it raised", round(time.monotonic() - started, 2))
        lab.fact("pool while first is held", engine.pool.status())

    lab.fact("exception from the second connect()", f"{type(caught).__module__}.{type(caught).__name__}" if caught else None)
    lab.fact("its message", str(caught).splitlines()[0] if caught else None)
    is_sqlalchemy_timeout = lab.fact("type(error) is sqlalchemy.exc.TimeoutError", type(caught) is exc.TimeoutError)
    lab.fact(
        "the message names the limit and error code 3o7r",
        "QueuePool limit of size 1 overflow 0 reached, connection timed out" in str(caught) and "3o7r" in str(caught),
    )
    lab.fact("isinstance(error, sqlalchemy.exc.SQLAlchemyError)", isinstance(caught, exc.SQLAlchemyError))
    is_builtin_timeout = lab.fact("isinstance(error, builtins.TimeoutError)", isinstance(caught, builtins.TimeoutError))
    is_dbapi_error = lab.fact("isinstance(error, sqlalchemy.exc.DBAPIError)", isinstance(caught, exc.DBAPIError))
    connections_opened = lab.fact("DBAPI connections opened while first was held", len(opened))

    with engine.connect() as third:
        third.execute(text("SELECT 3"))
        reused = lab.fact("the next connect() after first.close() reuses first's DBAPI connection", third.connection.dbapi_connection is first_dbapi)
    lab.fact("DBAPI connections opened in all", len(opened))

    return {
        "A": is_sqlalchemy_timeout and 0.45 <= waited < 5,
        "B": caught is not None and waited < 0.25,
        "C": is_builtin_timeout,
        "D": second_ran or connections_opened > 1,
        "E": is_dbapi_error,
        "F": reused and len(opened) == 1,
    }


if __name__ == "__main__":
    run_alone(__file__)

"""On PostgreSQL a committed SET (or SET ROLE) stays on the pooled connection and reaches the next
checkout; the pool's reset on return is a ROLLBACK, which only undoes what was never committed."""

import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine

from verifiers import Lab, run_alone


def what_next_checkout_sees(engine: Engine) -> dict[str, object]:
    """The tenant setting, the current user and the backend process, on the next checkout."""
    with engine.connect() as conn:
        return {
            "app.tenant_id": conn.scalar(text("SELECT current_setting('app.tenant_id', true)")),
            "current_user": conn.scalar(text("SELECT current_user")),
            "backend pid": conn.scalar(text("SELECT pg_backend_pid()")),
        }


@contextmanager
def pool_log() -> Iterator[list[str]]:
    """The pool's own debug log while the block runs: what it does with each connection it hands out
    and gets back (the connection's repr left out)."""
    said: list[str] = []
    handler = logging.Handler()
    handler.emit = lambda record: said.append(re.sub(r"^Connection <.*?> ", "", record.getMessage()))
    logger = logging.getLogger("sqlalchemy.pool")
    level = logger.level
    logger.setLevel(logging.DEBUG)
    logger.addHandler(handler)
    try:
        yield said
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


def quoted(conn: Connection, name: str) -> str:
    return conn.dialect.identifier_preparer.quote(name)


def prove(lab: Lab) -> dict[str, bool]:
    tenant_app = lab.role("tenant_app")
    engine = lab.make_engine(label="pool1", pool_size=1, max_overflow=0)

    start = lab.fact("first checkout", what_next_checkout_sees(engine))
    connecting_user = start["current_user"]

    # 1. SET in a transaction that is never committed: the connection goes back mid-transaction.
    with lab.capture() as uncommitted_sql, pool_log() as pool_on_uncommitted:
        with engine.connect() as conn:
            conn.execute(text("SET app.tenant_id = '5'"))
    lab.fact("the pool's log for 1's connection", pool_on_uncommitted)
    after_uncommitted = lab.fact("after an uncommitted SET '5'", what_next_checkout_sees(engine))
    lab.fact("after an uncommitted SET '5': app.tenant_id", after_uncommitted["app.tenant_id"])
    lab.fact("statements: uncommitted SET, then the connection closed", uncommitted_sql.kinds())

    # 2. SET LOCAL, committed: it lives only as long as its transaction.
    with engine.connect() as conn:
        conn.execute(text("SET LOCAL app.tenant_id = '6'"))
        lab.fact("app.tenant_id inside SET LOCAL's own transaction",
                 conn.scalar(text("SELECT current_setting('app.tenant_id', true)")))
        conn.commit()
    after_local = lab.fact("after a committed SET LOCAL '6'", what_next_checkout_sees(engine))

    # 3. Plain SET, committed.
    with pool_log() as pool_on_committed, engine.connect() as conn:
        conn.execute(text("SET app.tenant_id = '7'"))
        conn.commit()
    lab.fact("the pool's log for 3's connection", pool_on_committed)
    after_committed = lab.fact("after a committed SET '7'", what_next_checkout_sees(engine))

    # 4. SET ROLE, committed.
    with engine.connect() as conn:
        conn.execute(text(f"SET ROLE {quoted(conn, tenant_app)}"))
        conn.commit()
    after_role = lab.fact("after a committed SET ROLE", what_next_checkout_sees(engine))
    lab.fact("role set", tenant_app)

    same_connection = lab.fact(
        "one backend process served every checkout",
        len({seen["backend pid"] for seen in (start, after_uncommitted, after_local, after_committed, after_role)}) == 1,
    )

    return {
        "A": same_connection and after_committed["app.tenant_id"] == "7",
        "B": after_role["current_user"] == tenant_app and after_role["current_user"] != connecting_user,
        "C": after_uncommitted["app.tenant_id"] == "5",
        "D": after_local["app.tenant_id"] == "6",
        "E": uncommitted_sql.kinds()[-1] == "ROLLBACK" and after_uncommitted["app.tenant_id"] != "5",
        "F": after_committed["app.tenant_id"] in (None, "") and after_role["current_user"] == connecting_user,
    }


if __name__ == "__main__":
    run_alone(__file__)

"""create_engine() builds a pool and a dialect but connects to nothing; the pool class follows the URL."""

from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

from verifiers import Lab, run_alone

UNREACHABLE = "postgresql+psycopg://postgres@127.0.0.1:1/x"  # nothing listens on port 1: connections are refused
SQLITE_FILE = "sqlite:///app.db"
SQLITE_MEMORY = "sqlite://"


def prove(lab: Lab) -> dict[str, bool]:
    # 1. An engine for a server that refuses connections: create_engine itself does not complain.
    creating = lab.attempt("create_engine(unreachable URL)", lambda: create_engine(UNREACHABLE))
    server_pool = connecting = None
    if creating.ok:
        unreachable = creating.value
        lab.fact("checked-out connections right after create_engine", unreachable.pool.checkedout())
        server_pool = type(unreachable.pool).__name__
        lab.fact(
            "PostgreSQL engine's pool_size and max_overflow",
            [unreachable.pool.size(), unreachable.pool._max_overflow],
        )

        def connect_unreachable() -> None:
            with unreachable.connect():
                pass

        connecting = lab.attempt("unreachable.connect()", connect_unreachable)
        lab.fact("the connect() error says the connection was refused", "refused" in connecting.message.lower())
        unreachable.dispose()
    lab.fact("pool class for the PostgreSQL URL", server_pool)

    # 2. Pool classes for SQLite URLs, read without connecting.
    file_engine = create_engine(SQLITE_FILE)
    file_pool = lab.fact("pool class for sqlite:///app.db", type(file_engine.pool).__name__)
    file_engine.dispose()
    memory_engine = create_engine(SQLITE_MEMORY)
    memory_pool = lab.fact("pool class for sqlite:// (in memory)", type(memory_engine.pool).__name__)
    with memory_engine.connect() as first, memory_engine.connect() as second:
        shared = first.connection.dbapi_connection is second.connection.dbapi_connection
    lab.fact("two connect() calls in one thread on sqlite:// share one DBAPI connection", shared)
    memory_engine.dispose()

    # 3. The reachable database under test: how many connections sit in its pool, before and after connect().
    engine = lab.engine
    pool_size = lab.fact("pool_size of the engine under test", engine.pool.size())
    idle_before = lab.fact("connections in the pool before any connect()", engine.pool.checkedin())
    version_before = lab.fact("server_version_info before any connect()", engine.dialect.server_version_info)
    with engine.connect() as conn:
        conn.execute(text("SELECT 1"))
    lab.fact("connections in the pool after one connect() and close()", engine.pool.checkedin())
    lab.fact("server_version_info after the first connect()", engine.dialect.server_version_info)
    lab.fact("server_version_info is known after the first connect()", engine.dialect.server_version_info is not None)

    return {
        "A": file_pool == "NullPool",
        "B": idle_before == pool_size,
        "C": version_before is not None,
        "D": creating.ok and connecting is not None and connecting.raised(OperationalError),
        "E": memory_pool == "SingletonThreadPool" and shared,
        "F": server_pool == "QueuePool",
    }


if __name__ == "__main__":
    run_alone(__file__)

"""create_engine() builds a pool and a dialect but connects to nothing; the pool class follows the URL."""

from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

from verifiers import Lab, run_alone

UNREACHABLE = "postgresql+psycopg://postgres@127.0.0.1:1/x"  # nothing listens on port 1: connections are refused
SQLITE_FILE = "sqlite:///app.db"
SQLITE_MEMORY = "sqlite://"


def prove(lab: Lab) -> dict[str, bool]:
    # 1. An engine for a server that refuses connections: create_engine itself does not complain.
    create_engine_error = connect_error = server_pool = None
    try:
        unreachable = create_engine(UNREACHABLE)
    except Exception as error:  # what the laziness distractors predict
        create_engine_error = type(error).__name__
    else:
        lab.fact("checked-out connections right after create_engine", unreachable.pool.checkedout())
        server_pool = type(unreachable.pool).__name__
        try:
            with unreachable.connect():
                pass
        except OperationalError as error:
            connect_error = type(error).__name__
        unreachable.dispose()
    lab.fact("exception from create_engine(unreachable URL)", create_engine_error)
    lab.fact("pool class for the PostgreSQL URL", server_pool)
    lab.fact("exception from unreachable.connect()", connect_error)

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

    return {
        "A": create_engine_error is None and connect_error == "OperationalError",
        "B": idle_before == pool_size,
        "C": version_before is not None,
        "D": file_pool == "NullPool",
        "E": memory_pool == "SingletonThreadPool" and shared,
        "F": server_pool == "QueuePool",
    }


if __name__ == "__main__":
    run_alone(__file__)

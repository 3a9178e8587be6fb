"""StaticPool shares one sqlite3 connection across threads, which sqlite3 refuses unless check_same_thread=False."""

import logging
import threading

from sqlalchemy import Column, Integer, MetaData, Table, create_engine, exc, func, insert, select
from sqlalchemy.pool import StaticPool

from verifiers import Lab, Attempt, run_alone

metadata = MetaData()
item = Table("item", metadata, Column("id", Integer, primary_key=True))


def count_in_a_worker_thread(lab: Lab, engine, label: str) -> tuple[Attempt, bool]:
    found = {}

    def work() -> None:
        with engine.connect() as conn:
            found["same"] = conn.connection.dbapi_connection is main_dbapi
            found["attempt"] = lab.attempt(label, lambda: conn.scalar(select(func.count()).select_from(item)))

    with engine.connect() as conn:
        main_dbapi = conn.connection.dbapi_connection
    # The pool logs (and survives) a second failure when the worker hands the connection back: its reset
    # rollback meets the same thread check. Keep that log out of the proof's output.
    logging.disable(logging.ERROR)
    try:
        worker = threading.Thread(target=work)
        worker.start()
        worker.join()
    finally:
        logging.disable(logging.NOTSET)
    return found["attempt"], found["same"]


def memory_engine(**kwargs):
    """An in-memory SQLite database, as tests use; it lives only as long as its one connection."""
    engine = create_engine("sqlite://", poolclass=StaticPool, **kwargs)
    with engine.begin() as conn:
        metadata.create_all(conn)
        conn.execute(insert(item).values(id=1))
    return engine


def prove(lab: Lab) -> dict[str, bool]:
    # In-memory databases are made here rather than by the harness (whose SQLite databases are files):
    # their statements are not in the transcript, and they are disposed of below.
    alone_engine = memory_engine()
    both_engine = memory_engine(connect_args={"check_same_thread": False})
    try:
        alone, _ = count_in_a_worker_thread(lab, alone_engine, "worker count (StaticPool only)")
        both, both_same = count_in_a_worker_thread(lab, both_engine,
                                                   "worker count (StaticPool and check_same_thread=False)")
    finally:
        alone_engine.dispose()
        both_engine.dispose()
    lab.fact("the worker got the main thread's DBAPI connection (both settings)", both_same)

    return {
        "A": alone.raised(exc.ProgrammingError, match="same thread") and both.ok and both.value == 1,
        "B": alone.ok and alone.value == 1,
        "C": not both_same,
        "D": alone.raised(exc.OperationalError),
    }


if __name__ == "__main__":
    run_alone(__file__)

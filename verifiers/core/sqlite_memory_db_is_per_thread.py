"""An in-memory SQLite URL gets SingletonThreadPool: one connection, and so one database, per thread."""

import logging
import threading

from sqlalchemy import Column, Integer, MetaData, Table, create_engine, exc, func, insert, select

from verifiers import Lab, run_alone

metadata = MetaData()
item = Table("item", metadata, Column("id", Integer, primary_key=True))


def prove(lab: Lab) -> dict[str, bool]:
    # An in-memory database is made here rather than by the harness (whose SQLite databases are files);
    # its statements are not in the transcript, and it is disposed of below.
    engine = create_engine("sqlite://")
    try:
        pool_class = lab.fact("pool of create_engine('sqlite://')", type(engine.pool).__name__)
        with engine.begin() as conn:
            metadata.create_all(conn)
            conn.execute(insert(item).values(id=1))
        with engine.connect() as one, engine.connect() as two:
            shared = lab.fact("two connect() calls in one thread share a DBAPI connection",
                              one.connection.dbapi_connection is two.connection.dbapi_connection)
        found = {}

        def work() -> None:
            with engine.connect() as conn:
                found["count"] = lab.attempt("the worker thread counts item",
                                             lambda: conn.scalar(select(func.count()).select_from(item)))

        worker = threading.Thread(target=work)
        worker.start()
        worker.join()
        in_worker = found["count"]
    finally:
        logging.disable(logging.ERROR)  # closing the worker's connection from this thread is refused, and logged
        try:
            engine.dispose()
        finally:
            logging.disable(logging.NOTSET)
    file_engine = create_engine(lab.url)  # a file database, with create_engine()'s defaults
    file_pool = lab.fact("pool of create_engine() for a file database", type(file_engine.pool).__name__)
    file_engine.dispose()

    return {
        "A": pool_class == "SingletonThreadPool" and in_worker.raised(exc.OperationalError, match="no such table"),
        "B": pool_class == "StaticPool",
        "C": in_worker.ok and in_worker.value == 1,
        "D": file_pool == "NullPool",
    }


if __name__ == "__main__":
    run_alone(__file__)

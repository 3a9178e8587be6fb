"""PRAGMA foreign_keys is per DBAPI connection; the pool's "connect" event runs once per new connection."""

from sqlalchemy import Column, ForeignKey, Integer, MetaData, Table, event, exc, insert, text
from sqlalchemy.pool import QueuePool

from verifiers import Lab, run_alone

metadata = MetaData()
parent = Table("parent", metadata, Column("id", Integer, primary_key=True))
child = Table("child", metadata, Column("id", Integer, primary_key=True), Column("parent_id", ForeignKey("parent.id")))


def sqlite_default(dbapi_connection, connection_record) -> None:
    """The harness enforces foreign keys on its SQLite connections; start from SQLite's own default here."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=OFF")
    cursor.close()


def trace_sqlite(dbapi_connection, connection_record) -> None:
    """Keep what SQLite itself receives on this connection (sqlite3's trace callback; the first word of
    each statement) in the pool record's info, under "sqlite received"."""
    received = connection_record.info["sqlite received"] = []
    dbapi_connection.set_trace_callback(lambda sql: received.append(sql.split()[0].upper()))


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        metadata.create_all(lab.engine)

    engine = lab.make_engine(poolclass=QueuePool, pool_size=2)
    event.listen(engine, "connect", sqlite_default)
    event.listen(engine, "connect", trace_sqlite)
    counts = {"connect": 0, "engine_connect": 0}
    event.listen(engine, "connect", lambda *a: counts.__setitem__("connect", counts["connect"] + 1))
    event.listen(engine, "engine_connect", lambda *a: counts.__setitem__("engine_connect", counts["engine_connect"] + 1))

    with lab.capture() as sent:
        with engine.connect() as c1, engine.connect() as c2:
            c1.execute(text("PRAGMA foreign_keys=ON"))
            lab.fact("SQLite has a transaction open on c1 right after the PRAGMA",
                     c1.connection.dbapi_connection.in_transaction)
            on_c1 = lab.attempt("orphan insert on c1 (after its PRAGMA)",
                                lambda: c1.execute(insert(child).values(id=1, parent_id=999)))
            c1.rollback()
            on_c2 = lab.attempt("orphan insert on c2", lambda: c2.execute(insert(child).values(id=2, parent_id=999)))
            c2.rollback()
            lab.fact("PRAGMA foreign_keys as c1, c2 read it",
                     [c.exec_driver_sql("PRAGMA foreign_keys").scalar() for c in (c1, c2)])
            lab.fact("what SQLite received on c1, up to its rollback", c1.connection.info["sqlite received"][:4])
        for checkout in range(3):
            with engine.connect() as conn:
                if checkout == 0:  # which statements make the driver send BEGIN by itself
                    received = conn.connection.info["sqlite received"]
                    start = len(received)
                    for statement in ("SELECT 1", "UPDATE child SET id = id", "DELETE FROM child"):
                        conn.exec_driver_sql(statement)
                        conn.rollback()
                    lab.fact("what SQLite received for a SELECT, an UPDATE and a DELETE", received[start:])
    lab.fact("connect / engine_connect events after 5 checkouts of 2 DBAPI connections", counts)
    lab.fact("SQLAlchemy's log shows BEGIN (implicit) before the PRAGMA",
             [s.sql for s in sent][:2] == ["BEGIN (implicit)", "PRAGMA foreign_keys=ON"])

    return {
        "A": on_c1.ok,
        "B": on_c2.raised(exc.IntegrityError),
        "C": counts["engine_connect"] == 2,
        "D": on_c1.raised(exc.IntegrityError) and on_c2.ok and counts == {"connect": 2, "engine_connect": 5},
    }


if __name__ == "__main__":
    run_alone(__file__)

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


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        metadata.create_all(lab.engine)

    engine = lab.make_engine(poolclass=QueuePool, pool_size=2)
    event.listen(engine, "connect", sqlite_default)
    counts = {"connect": 0, "engine_connect": 0}
    event.listen(engine, "connect", lambda *a: counts.__setitem__("connect", counts["connect"] + 1))
    event.listen(engine, "engine_connect", lambda *a: counts.__setitem__("engine_connect", counts["engine_connect"] + 1))

    with lab.capture():
        with engine.connect() as c1, engine.connect() as c2:
            c1.execute(text("PRAGMA foreign_keys=ON"))
            on_c1 = lab.attempt("orphan insert on c1 (after its PRAGMA)",
                                lambda: c1.execute(insert(child).values(id=1, parent_id=999)))
            c1.rollback()
            on_c2 = lab.attempt("orphan insert on c2", lambda: c2.execute(insert(child).values(id=2, parent_id=999)))
            c2.rollback()
        for _ in range(3):
            with engine.connect():
                pass
    lab.fact("connect / engine_connect events after 5 checkouts of 2 DBAPI connections", counts)

    return {
        "A": on_c1.raised(exc.IntegrityError) and on_c2.ok and counts == {"connect": 2, "engine_connect": 5},
        "B": on_c2.raised(exc.IntegrityError),
        "C": counts["engine_connect"] == 2,
        "D": on_c1.ok,
    }


if __name__ == "__main__":
    run_alone(__file__)

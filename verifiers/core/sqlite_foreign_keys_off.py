"""SQLite enforces FOREIGN KEY (and ON DELETE CASCADE) only on connections that turned it on."""

from sqlalchemy import Column, ForeignKey, Integer, MetaData, Table, delete, event, exc, func, insert, select

from verifiers import Lab, run_alone

metadata = MetaData()
parent = Table("parent", metadata, Column("id", Integer, primary_key=True))
child = Table("child", metadata, Column("id", Integer, primary_key=True),
              Column("parent_id", ForeignKey("parent.id", ondelete="CASCADE")))


def enforce_foreign_keys(dbapi_connection, connection_record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def sqlite_default(dbapi_connection, connection_record) -> None:
    """The harness turns foreign keys on for every SQLite connection it makes; this puts back SQLite's own
    default, so that the plain engine is what an application gets from create_engine()."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=OFF")
    cursor.close()


def orphan_and_cascade(lab: Lab, engine) -> tuple:
    with engine.begin() as conn:
        orphan = lab.attempt("insert a child of parent 999", lambda: conn.execute(insert(child).values(id=1, parent_id=999)))
    with engine.begin() as conn:
        conn.execute(delete(child))
        conn.execute(insert(parent).values(id=1))
        conn.execute(insert(child).values(id=2, parent_id=1))
    with engine.begin() as conn:
        conn.execute(delete(parent).where(parent.c.id == 1))
        left = conn.scalar(select(func.count()).select_from(child))
    return orphan, left


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        metadata.create_all(lab.engine)

    plain = lab.make_engine()
    if lab.backend == "sqlite":
        event.listen(plain, "connect", sqlite_default)
    with lab.capture():
        orphan, children_left = orphan_and_cascade(lab, plain)
    lab.fact("children left after deleting their parent (plain engine)", children_left)

    enforcing = lab.make_engine()
    if lab.backend == "sqlite":
        event.listen(enforcing, "connect", sqlite_default)
        event.listen(enforcing, "connect", enforce_foreign_keys)  # the stem's listener, after the default
    with lab.engine.begin() as conn:
        conn.execute(delete(child))
        conn.execute(delete(parent))
    with lab.capture():
        enforced_orphan, enforced_left = orphan_and_cascade(lab, enforcing)
    lab.fact("children left after deleting their parent (foreign keys enforced)", enforced_left)

    on_sqlite = lab.backend == "sqlite"
    # Each option speaks of every backend; a run decides the part about the backend it runs on.
    return {
        "A": not orphan.ok if on_sqlite else orphan.ok,
        "B": orphan.ok if on_sqlite else orphan.raised(exc.IntegrityError),
        "C": enforced_orphan.raised(exc.IntegrityError) and enforced_left == 0,
        "D": children_left == 0 if on_sqlite else children_left == 1,
    }


if __name__ == "__main__":
    run_alone(__file__)

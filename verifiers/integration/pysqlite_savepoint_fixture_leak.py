"""The savepoint test fixture on pysqlite: without the documented fix, the test's commit leaks out."""

from sqlalchemy import String, delete, event, func, insert, select, update
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Note(Base):
    __tablename__ = "note"
    id: Mapped[int] = mapped_column(primary_key=True)
    body: Mapped[str] = mapped_column(String(30))


def watch_sqlite(engine) -> tuple[list[str], list[list]]:
    """What SQLite itself receives on this engine (sqlite3's trace callback; the first word of each
    statement), and whether SQLite has a transaction open after each statement SQLAlchemy sends."""
    received: list[str] = []
    open_after: list[list] = []

    @event.listens_for(engine, "connect")
    def trace(dbapi_connection, connection_record) -> None:
        dbapi_connection.set_trace_callback(lambda sql: received.append(sql.split()[0].upper()))

    @event.listens_for(engine, "after_cursor_execute")
    def transaction_state(conn, cursor, statement, parameters, context, executemany) -> None:
        open_after.append([statement.split()[0].upper(), cursor.connection.in_transaction])

    return received, open_after


def run_fixture(lab: Lab, engine, note_id: int, dml_first: bool = False) -> tuple[int, bool]:
    """The fixture and one test that commits. Returns the rows another connection counts afterwards,
    and whether SQLite had a transaction open right after `conn.begin()`."""
    with engine.connect() as conn:
        outer = conn.begin()
        if dml_first:  # a fixture that writes something before the test runs
            conn.execute(insert(Note).values(id=note_id + 100, body="fixture data"))
        open_after_begin = conn.connection.dbapi_connection.in_transaction
        with Session(bind=conn, join_transaction_mode="create_savepoint") as session:
            session.add(Note(id=note_id, body="test data"))
            session.commit()
        outer.rollback()
    with lab.other_connection() as other:
        return other.scalar(select(func.count()).select_from(Note).where(Note.id == note_id)), open_after_begin


def use_real_transactions(engine) -> None:
    """The fix from SQLAlchemy's SQLite documentation: let SQLAlchemy, not pysqlite, send BEGIN."""

    @event.listens_for(engine, "connect")
    def no_driver_transactions(dbapi_connection, connection_record) -> None:
        dbapi_connection.isolation_level = None

    @event.listens_for(engine, "begin")
    def emit_begin(conn) -> None:
        conn.exec_driver_sql("BEGIN")


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        Base.metadata.create_all(lab.engine)

    plain_engine = lab.make_engine()
    plain_received, plain_open_after = watch_sqlite(plain_engine)
    with lab.capture() as plain_log:
        leaked, open_after_begin = run_fixture(lab, plain_engine, 1)
    lab.fact("rows left by the plain engine's fixture", leaked)
    lab.fact("plain engine: SQLite has a transaction open after conn.begin()", open_after_begin)
    lab.fact("plain engine: statements SQLite received", list(plain_received))
    lab.fact("plain engine: first statement SQLite received", plain_received[0])
    lab.fact("plain engine: BEGINs SQLite received", plain_received.count("BEGIN"))
    lab.fact("plain engine: SQLite transaction open after each statement", list(plain_open_after))
    lab.fact("plain engine: BEGIN (implicit) in SQLAlchemy's log", "BEGIN (implicit)" in [s.sql for s in plain_log])

    fixed_engine = lab.make_engine()
    use_real_transactions(fixed_engine)
    fixed_received, _ = watch_sqlite(fixed_engine)
    with lab.capture():
        kept, _ = run_fixture(lab, fixed_engine, 2)
    lab.fact("rows left with the documented fix", kept)
    lab.fact("fixed engine: statements SQLite received", list(fixed_received))

    with lab.capture():
        hidden, _ = run_fixture(lab, plain_engine, 3, dml_first=True)
    lab.fact("plain engine, fixture inserting before the savepoint: rows left", hidden)

    # When the driver sends BEGIN by itself: one statement of each kind, each in its own transaction.
    start = len(plain_received)
    with lab.capture(), plain_engine.connect() as conn:
        for statement in (select(Note), insert(Note).values(id=9, body="x"), update(Note).values(body="y"), delete(Note)):
            conn.execute(statement)
            conn.rollback()
    lab.fact("plain engine: SQLite received for SELECT, INSERT, UPDATE, DELETE", plain_received[start:])

    return {
        "A": leaked == 0 and kept == 0,
        "B": leaked == 1 and kept == 0,
        "C": leaked == 1 and kept == 1,
        "D": leaked == 0 and kept == 1,
    }


if __name__ == "__main__":
    run_alone(__file__)

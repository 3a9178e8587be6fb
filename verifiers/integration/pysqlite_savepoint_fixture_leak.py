"""The savepoint test fixture on pysqlite: without the documented fix, the test's commit leaks out."""

from sqlalchemy import String, event, func, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Note(Base):
    __tablename__ = "note"
    id: Mapped[int] = mapped_column(primary_key=True)
    body: Mapped[str] = mapped_column(String(30))


def run_fixture(lab: Lab, engine, note_id: int) -> int:
    """The fixture and one test that commits; returns the rows another connection counts afterwards."""
    with engine.connect() as conn:
        outer = conn.begin()
        with Session(bind=conn, join_transaction_mode="create_savepoint") as session:
            session.add(Note(id=note_id, body="test data"))
            session.commit()
        outer.rollback()
    with lab.other_connection() as other:
        return other.scalar(select(func.count()).select_from(Note).where(Note.id == note_id))


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

    with lab.capture():
        leaked = lab.fact("rows left by the plain engine's fixture", run_fixture(lab, lab.make_engine(), 1))
        fixed_engine = lab.make_engine()
        use_real_transactions(fixed_engine)
        kept = lab.fact("rows left with the documented fix", run_fixture(lab, fixed_engine, 2))

    return {
        "A": leaked == 1 and kept == 0,
        "B": leaked == 0 and kept == 0,
        "C": leaked == 1 and kept == 1,
        "D": leaked == 0 and kept == 1,
    }


if __name__ == "__main__":
    run_alone(__file__)

"""With pysqlite's default transaction handling, a savepoint opened first is committed by its RELEASE."""

from typing import Any

from sqlalchemy import Engine, String, event, func, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Book(Base):
    __tablename__ = "book"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    title: Mapped[str] = mapped_column(String(50))


def trace_sqlite(engine: Engine) -> list[str]:
    """What SQLite itself executes on this engine's connections (the driver's own BEGIN included)."""
    executed: list[str] = []

    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.set_trace_callback(lambda sql: executed.append(sql.split()[0].upper()))

    return executed


def apply_recipe(engine: Engine) -> None:
    """The SQLite dialect documentation's recipe: the driver stops managing transactions, SQLAlchemy sends BEGIN."""

    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None

    @event.listens_for(engine, "begin")
    def on_begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN")


def rows_counted(lab: Lab, book_id: int) -> int:
    with lab.other_connection() as other:
        return other.scalar(select(func.count()).select_from(Book).where(Book.id == book_id))


def savepoint_then_rollback(engine: Engine, book_id: int) -> None:
    """The question's code."""
    with Session(engine) as session:
        sp = session.begin_nested()
        session.add(Book(id=book_id, title="Draft"))
        sp.commit()
        session.rollback()


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)

    # Default driver settings.
    default = lab.make_engine("default")
    executed = trace_sqlite(default)
    with lab.capture() as plain:
        run = lab.attempt("default: the question's code", lambda: savepoint_then_rollback(default, 1))
    lab.fact("default: transaction events SQLAlchemy records", plain.transaction_flow())
    default_sql = lab.fact("default: statements SQLite executes", list(executed))
    rows_default = lab.fact("default: rows another connection counts", rows_counted(lab, 1))
    executed.clear()
    with Session(default) as session:  # for contrast: a plain INSERT outside any savepoint
        session.add(Book(id=4, title="Plain"))
        session.commit()
    lab.fact("default: statements SQLite executes for a plain add() and commit()", list(executed))

    # isolation_level="SERIALIZABLE" on create_engine().
    serializable = lab.make_engine("serializable", isolation_level="SERIALIZABLE")
    executed_serializable = trace_sqlite(serializable)
    with lab.capture():
        savepoint_then_rollback(serializable, 2)
    lab.fact("SERIALIZABLE: statements SQLite executes", [s for s in executed_serializable if s != "PRAGMA"])
    rows_serializable = lab.fact("SERIALIZABLE: rows another connection counts", rows_counted(lab, 2))

    # The documented recipe.
    recipe = lab.make_engine("recipe")
    apply_recipe(recipe)
    executed_recipe = trace_sqlite(recipe)
    with lab.capture():
        savepoint_then_rollback(recipe, 3)
    lab.fact("recipe: statements SQLite executes", executed_recipe)
    lab.fact("recipe: rows another connection counts", rows_counted(lab, 3))

    no_begin = "BEGIN" not in default_sql and default_sql[:3] == ["SAVEPOINT", "INSERT", "RELEASE"]
    return {
        "A": not run.ok,
        "B": rows_default == 0,
        "C": "BEGIN" in default_sql,
        "D": rows_default == 0,
        "E": "BEGIN" in executed_serializable and rows_serializable == 0,
        "F": no_begin and rows_default == 1,
    }


if __name__ == "__main__":
    run_alone(__file__)

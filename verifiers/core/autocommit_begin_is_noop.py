"""Under isolation_level="AUTOCOMMIT", conn.begin() and rollback() run but undo nothing: each statement is already committed."""

import sqlite3
from typing import Any

from sqlalchemy import Column, Integer, MetaData, String, Table, func, insert, select

from verifiers import Lab, run_alone

metadata = MetaData()

audit = Table(
    "audit",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("event", String(50), nullable=False),
)


def rows_another_connection_counts(lab: Lab) -> int:
    """A fresh transaction on another connection (fresh, so MariaDB's snapshot is taken now)."""
    with lab.other_connection() as other:
        return other.scalar(select(func.count()).select_from(audit))


def driver_autocommits(dbapi_connection: Any) -> bool:
    """Whether the driver itself commits each statement (each driver spells it differently)."""
    if hasattr(dbapi_connection, "get_autocommit"):  # PyMySQL
        return dbapi_connection.get_autocommit()
    if isinstance(dbapi_connection, sqlite3.Connection):
        return dbapi_connection.isolation_level is None
    return dbapi_connection.autocommit  # psycopg


def prove(lab: Lab) -> dict[str, bool]:
    metadata.create_all(lab.engine)

    begin_error = rollback_error = None
    seen_before_rollback = None
    with lab.capture() as sql:
        with lab.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            lab.fact("the driver autocommits", driver_autocommits(conn.connection.dbapi_connection))
            try:
                trans = conn.begin()
            except Exception as error:  # what "begin() raises under AUTOCOMMIT" predicts
                begin_error = error
                trans = None
            conn.execute(insert(audit).values(id=1, event="login"))
            seen_before_rollback = rows_another_connection_counts(lab)
            if trans is not None:
                try:
                    trans.rollback()
                except Exception as error:
                    rollback_error = error

    lab.fact("exception from conn.begin()", repr(begin_error) if begin_error else None)
    lab.fact("rows another connection counts before trans.rollback()", seen_before_rollback)
    lab.fact("exception from trans.rollback()", repr(rollback_error) if rollback_error else None)
    lab.fact("transaction events SQLAlchemy reported on the AUTOCOMMIT connection", sql.on("main#1").transaction_flow())
    seen_after_rollback = lab.fact("rows another connection counts after trans.rollback()", rows_another_connection_counts(lab))

    return {
        "A": seen_after_rollback == 0,
        "B": begin_error is not None,
        "C": rollback_error is None and seen_after_rollback == 1,
        "D": seen_before_rollback == 1,
        "E": rollback_error is not None,
    }


if __name__ == "__main__":
    run_alone(__file__)

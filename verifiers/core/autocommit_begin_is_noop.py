"""Under isolation_level="AUTOCOMMIT", conn.begin() and rollback() run but undo nothing: each statement is already committed."""

import sqlite3
from typing import Any

from sqlalchemy import Column, Integer, MetaData, String, Table, func, insert, select
from sqlalchemy.engine import Transaction
from sqlalchemy.exc import InvalidRequestError

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

    rollback = None
    seen_before_rollback = None
    with lab.capture() as sql:
        with lab.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            lab.fact("the driver autocommits", driver_autocommits(conn.connection.dbapi_connection))
            begin = lab.attempt("conn.begin()", conn.begin)
            lab.fact("conn.begin() returned a Transaction", isinstance(begin.value, Transaction))
            lab.fact("conn.in_transaction() after begin()", conn.in_transaction())
            conn.execute(insert(audit).values(id=1, event="login"))
            seen_before_rollback = lab.fact(
                "rows another connection counts before trans.rollback()", rows_another_connection_counts(lab)
            )
            if begin.ok:
                rollback = lab.attempt("trans.rollback()", begin.value.rollback)

    lab.fact("trans.rollback() raised", None if rollback is None else rollback.error_class)
    lab.fact("transaction events SQLAlchemy reported on the AUTOCOMMIT connection", sql.on("main#1").transaction_flow())
    seen_after_rollback = lab.fact("rows another connection counts after trans.rollback()", rows_another_connection_counts(lab))

    return {
        "A": seen_after_rollback == 0,
        "B": begin.raised(InvalidRequestError),
        "C": rollback is not None and rollback.ok and seen_after_rollback == 1,
        "D": seen_before_rollback == 1,
        "E": rollback is not None and not rollback.ok,
    }


if __name__ == "__main__":
    run_alone(__file__)

"""On PostgreSQL a failed statement aborts the whole transaction: every later statement is refused until a rollback."""

from sqlalchemy import Column, Integer, MetaData, String, Table, insert, select
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError, InternalError, PendingRollbackError

from verifiers import Lab, run_alone

metadata = MetaData()

event = Table(
    "event",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("kind", String(20), nullable=False),
)


def committed_ids(lab: Lab) -> list[int]:
    with lab.other_connection() as other:
        return list(other.scalars(select(event.c.id).order_by(event.c.id)))


def insert_duplicate(conn: Connection) -> str | None:
    """The INSERT of an id that is already there; the name of the exception it raised."""
    try:
        conn.execute(insert(event).values(id=100, kind="again"))
    except IntegrityError as error:
        return type(error).__name__
    return None


def prove(lab: Lab) -> dict[str, bool]:
    metadata.create_all(lab.engine)

    # The code of the question: the IntegrityError is caught and the work goes on.
    with lab.engine.connect() as conn:
        conn.execute(insert(event).values(id=100, kind="first"))
        duplicate_error = lab.fact("exception from the duplicate INSERT", insert_duplicate(conn))
        in_transaction_after_error = lab.fact(
            "conn.in_transaction() right after the caught IntegrityError", conn.in_transaction()
        )

        def insert_101_and_commit() -> None:
            conn.execute(insert(event).values(id=101, kind="second"))
            conn.commit()

        with lab.capture() as third:
            third_result = lab.attempt("(3) and commit()", insert_101_and_commit)
    third_error = third_result.error
    orig = getattr(third_error, "orig", None)
    lab.fact("message of that exception", str(orig or third_error).splitlines()[0] if third_error else None)
    lab.fact("the message says the current transaction is aborted", "current transaction is aborted" in str(orig))
    lab.fact("psycopg's exception class and SQLSTATE", [type(orig).__name__, getattr(orig, "sqlstate", None)])
    third_sent = lab.fact("(3) was sent to the server", third.count("INSERT") == 1)
    rows_as_written = lab.fact("rows stored by the code as written", committed_ids(lab))

    # The same work with the duplicate INSERT inside a SAVEPOINT.
    with lab.engine.connect() as conn:
        conn.execute(insert(event).values(id=200, kind="first"))
        with lab.capture() as nested:
            try:
                with conn.begin_nested():
                    conn.execute(insert(event).values(id=200, kind="again"))
            except IntegrityError:
                pass
        conn.execute(insert(event).values(id=201, kind="second"))
        conn.commit()
    lab.fact("transaction control around the duplicate, with begin_nested()", nested.transaction_flow())
    rows_with_savepoint = lab.fact("rows stored with begin_nested()", [i for i in committed_ids(lab) if i >= 200])

    return {
        "A": in_transaction_after_error is False and third_result.ok and rows_as_written == [101],
        "B": duplicate_error == "IntegrityError" and third_result.raised(InternalError) and third_sent,
        "C": third_result.raised(PendingRollbackError) and not third_sent,
        "D": rows_as_written == [],
        "E": rows_as_written == [100, 101],
        "F": rows_with_savepoint == [200, 201] and "ROLLBACK TO SAVEPOINT" in nested.transaction_flow(),
    }


if __name__ == "__main__":
    run_alone(__file__)

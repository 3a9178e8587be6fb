"""conn.commit() inside `with engine.begin()` commits at once; the block then refuses any further statement."""

from sqlalchemy import Column, Integer, MetaData, String, Table, insert, select
from sqlalchemy.exc import InvalidRequestError

from verifiers import Lab, run_alone

metadata = MetaData()

note = Table(
    "note",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("body", String(50), nullable=False),
)


def committed_ids(lab: Lab) -> list[int]:
    """The ids another, fresh transaction sees (fresh, so MariaDB's snapshot is taken now)."""
    with lab.other_connection() as other:
        return list(other.scalars(select(note.c.id).order_by(note.c.id)))


def prove(lab: Lab) -> dict[str, bool]:
    metadata.create_all(lab.engine)

    committing = None
    second_error = block_error = None
    seen_after_inner_commit = None
    with lab.capture() as sql:
        try:
            with lab.engine.begin() as conn:
                conn.execute(insert(note).values(id=1, body="first"))
                with lab.capture() as inner_commit:
                    committing = lab.attempt("conn.commit() inside the block", conn.commit)
                seen_after_inner_commit = committed_ids(lab)
                with lab.capture() as second:
                    try:
                        conn.execute(insert(note).values(id=2, body="second"))
                    except Exception as error:
                        second_error = error
                        raise
        except Exception as error:  # the error leaves the block, as it would in application code
            block_error = error

    lab.fact("statements conn.commit() sent", inner_commit.kinds())
    lab.fact("ids another connection sees right after conn.commit()", seen_after_inner_commit)
    lab.fact("exception from the second execute()", repr(second_error) if second_error else None)
    lab.fact("exception leaving the with block", type(block_error).__name__ if block_error else None)
    lab.fact("statements sent for the second execute()", second.kinds())
    lab.fact(
        "the second execute()'s error is about a closed transaction inside the context manager",
        "closed transaction inside context manager" in str(second_error),
    )
    lab.fact(
        "transaction control on the block's connection",
        [s.kind for s in sql if s.connection.startswith("main") and s.is_transaction_control],
    )
    final = lab.fact("ids in the table afterwards", committed_ids(lab))

    second_refused = type(second_error) is InvalidRequestError and second.count("INSERT") == 0

    return {
        "A": committing is not None and not committing.ok,
        "B": seen_after_inner_commit == [1],
        "C": second_refused and block_error is second_error and 2 not in final,
        "D": seen_after_inner_commit == [] and final == [1, 2],
        "E": second_error is None and second.count("INSERT") == 1 and 2 in final,
        "F": final == [],
    }


if __name__ == "__main__":
    run_alone(__file__)

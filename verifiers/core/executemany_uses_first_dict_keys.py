"""An executemany INSERT is compiled from the first dict's keys: a key missing later raises, an extra key is dropped."""

from sqlalchemy import Column, Integer, MetaData, String, Table, insert, select
from sqlalchemy.exc import StatementError

from verifiers import Lab, run_alone

metadata = MetaData()

item = Table(
    "item",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("name", String(20), nullable=False),
    Column("note", String(20)),
    Column("qty", Integer, default=1),
)

MISSING_LATER = [{"id": 1, "name": "a", "note": "x"}, {"id": 2, "name": "b"}]
EXTRA_LATER = [{"id": 3, "name": "c"}, {"id": 4, "name": "d", "note": "y", "qty": 5}]


def insert_rows(lab: Lab, label: str, rows: list[dict]):
    """Run one executemany INSERT in its own transaction: the Attempt and the INSERTs sent."""

    def run() -> None:
        with lab.engine.begin() as conn:
            conn.execute(insert(item), rows)

    with lab.capture() as sent:
        result = lab.attempt(label, run)
    return result, sent.of_kind("INSERT")


def prove(lab: Lab) -> dict[str, bool]:
    metadata.create_all(lab.engine)

    first, first_sent = insert_rows(lab, "attempt 1", MISSING_LATER)
    lab.fact("attempt 1: the error says 'in parameter group 1'", "in parameter group 1" in first.message)
    lab.fact("attempt 1: INSERT statements sent", len(first_sent))

    second, second_sent = insert_rows(lab, "attempt 2", EXTRA_LATER)
    lab.fact("attempt 2: INSERT statements sent (executemany flag)", [s.executemany for s in second_sent])
    lab.fact("attempt 2: parameters sent", [s.parameters for s in second_sent])

    with lab.engine.connect() as conn:
        stored = lab.fact(
            "rows stored (id, name, note, qty)",
            {row.id: tuple(row) for row in conn.execute(select(item).order_by(item.c.id))},
        )

    missing_key_named = first.raised(StatementError, match=r"bind parameter 'note'")

    return {
        "A": not second.ok,
        "B": stored.get(2) == (2, "b", None, 1) and stored.get(1) == (1, "a", "x", 1),
        "C": stored.get(4) == (4, "d", "y", 5),
        "D": second.ok and stored.get(4) == (4, "d", None, 1),
        "E": missing_key_named and len(first_sent) == 0 and 1 not in stored and 2 not in stored,
        "F": len(second_sent) == 2,
    }


if __name__ == "__main__":
    run_alone(__file__)

"""INSERT ... FROM SELECT includes omitted columns' Python defaults, and calls a callable default once for the whole statement."""

from sqlalchemy import Column, Integer, MetaData, String, Table, insert, select

from sqlalchemy.exc import CompileError

from verifiers import Lab, run_alone

issued: list[int] = []


def next_batch() -> int:
    issued.append(len(issued) + 1)
    return issued[-1]


metadata = MetaData()

staging = Table(
    "staging",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("v", Integer, nullable=False),
)

reading = Table(
    "reading",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("v", Integer, nullable=False),
    Column("batch", Integer, default=next_batch),
    Column("source", String(10), default="import"),
)


def prove(lab: Lab) -> dict[str, bool]:
    metadata.create_all(lab.engine)
    with lab.engine.begin() as conn:
        conn.execute(insert(staging), [{"id": i, "v": i * 10} for i in range(1, 6)])

    issued.clear()
    def insert_from_select() -> None:
        with lab.engine.begin() as conn:
            conn.execute(insert(reading).from_select(["v"], select(staging.c.v)))

    with lab.capture() as sql:
        copying = lab.attempt("the INSERT ... SELECT", insert_from_select)
    calls = lab.fact("calls to next_batch()", len(issued))
    inserts = sql.of_kind("INSERT")
    lab.fact("the INSERT sent", inserts[0].sql if inserts else None)
    lab.fact("its parameters", inserts[0].parameters if inserts else None)
    lab.fact("its bound values, in placeholder order", inserts[0].values if inserts else None)
    one_statement = lab.fact(
        "statements sent: one INSERT, no executemany, no SELECT of its own",
        len(inserts) == 1 and not inserts[0].executemany and sql.count("SELECT") == 0,
    )
    names_defaults = one_statement and inserts[0].mentions("batch") and inserts[0].mentions("source")

    with lab.other_connection() as other:
        rows = other.execute(select(reading.c.v, reading.c.batch, reading.c.source).order_by(reading.c.v)).all()
    rows = lab.fact("rows of reading (v, batch, source)", [tuple(row) for row in rows])
    batches = [row[1] for row in rows]
    sources = [row[2] for row in rows]

    return {
        "A": len(rows) == 5 and batches == [None] * 5 and sources == [None] * 5,
        "B": calls == 1 and batches == [1] * 5,
        "C": calls == 5 and batches == [1, 2, 3, 4, 5],
        "D": len(rows) == 5 and sources == ["import"] * 5,
        "E": copying.raised(CompileError),
        "F": names_defaults,
    }


if __name__ == "__main__":
    run_alone(__file__)

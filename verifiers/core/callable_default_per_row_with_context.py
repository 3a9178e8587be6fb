"""A callable column default runs once per row of an executemany; a one-argument one gets the execution context."""

from sqlalchemy import Column, Integer, MetaData, Table, insert, select

from sqlalchemy.engine.default import DefaultExecutionContext

from verifiers import Lab, run_alone

issued: list[int] = []
arguments_seen: list[str] = []
contexts_seen: list[object] = []


def next_code() -> int:
    issued.append(len(issued) + 1)
    return issued[-1]


def line_total(context) -> int:
    arguments_seen.append(type(context).__name__)
    contexts_seen.append(context)
    return context.get_current_parameters()["qty"] * 10


metadata = MetaData()

line = Table(
    "line",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("qty", Integer, default=7),
    Column("code", Integer, default=next_code),
    Column("total", Integer, default=line_total),
)


def prove(lab: Lab) -> dict[str, bool]:
    metadata.create_all(lab.engine)

    with lab.engine.begin() as conn, lab.capture() as many:
        conn.execute(insert(line), [{"id": 1, "qty": 2}, {"id": 2, "qty": 3}, {"id": 3, "qty": 4}])
    calls_for_many = lab.fact("next_code() calls for the 3-row executemany", len(issued))
    sent = many.of_kind("INSERT")
    lab.fact("INSERT statements sent, and their executemany flags", [s.executemany for s in sent])
    lab.fact("parameter sets of the INSERT", [s.parameters for s in sent])
    lab.fact("the INSERT names code and total", [s.mentions("code") and s.mentions("total") for s in sent])
    lab.fact("bound values of the INSERT, per row", [s.values for s in sent])

    def insert_row_4() -> None:
        with lab.engine.begin() as conn:
            conn.execute(insert(line).values(id=4))

    row4 = lab.attempt("inserting row 4 (qty left to its default)", insert_row_4)
    argument_types = lab.fact("type of the argument line_total() received", sorted(set(arguments_seen)))
    lab.fact(
        "line_total() received an execution context",
        all(isinstance(c, DefaultExecutionContext) for c in contexts_seen),
    )

    with lab.engine.connect() as conn:
        rows = lab.fact(
            "rows stored (id, qty, code, total)",
            [tuple(r) for r in conn.execute(select(line).order_by(line.c.id))],
        )
    codes = [code for _, _, code, _ in rows[:3]]
    totals = {id_: total for id_, _, _, total in rows}
    qtys = {id_: qty for id_, qty, _, _ in rows}

    return {
        "A": calls_for_many == 1 and len(set(codes)) == 1,
        "B": calls_for_many == 3 and codes == [1, 2, 3],
        "C": [totals.get(i) for i in (1, 2, 3)] == [20, 30, 40],
        "D": not (sent[0].mentions("code") or sent[0].mentions("total")),
        "E": argument_types == ["Column"],
        "F": row4.ok and qtys.get(4) == 7 and totals.get(4) == 70,
    }


if __name__ == "__main__":
    run_alone(__file__)

"""in_([]) matches no row; not_in([]) matches every row, NULLs included; not_in([1]) leaves the NULLs out."""

import warnings

from sqlalchemy import Column, Integer, MetaData, Table, insert, select

from verifiers import Lab, run_alone

metadata = MetaData()

reading = Table(
    "reading",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("sensor", Integer, nullable=True),
)


def prove(lab: Lab) -> dict[str, bool]:
    metadata.create_all(lab.engine)
    with lab.engine.begin() as conn:
        conn.execute(insert(reading), [{"id": 1, "sensor": 1}, {"id": 2, "sensor": 2},
                                       {"id": 3, "sensor": 3}, {"id": 4, "sensor": None}])

    results: dict[str, object] = {}
    sent: dict[str, int] = {}
    with warnings.catch_warnings(record=True) as caught, lab.engine.connect() as conn:
        warnings.simplefilter("always")
        for label, criterion in [
            ("(1) in_([])", lambda: reading.c.sensor.in_([])),
            ("(2) not_in([])", lambda: reading.c.sensor.not_in([])),
            ("(3) not_in([1])", lambda: reading.c.sensor.not_in([1])),
        ]:
            with lab.capture() as sql:
                try:
                    results[label] = conn.scalars(select(reading.c.id).where(criterion()).order_by(reading.c.id)).all()
                except Exception as error:  # what "in_([]) raises" predicts
                    results[label] = error
            sent[label] = sql.count("SELECT")
            lab.fact(f"{label}: ids", repr(results[label]) if isinstance(results[label], Exception) else results[label])
            lab.fact(f"{label}: SQL sent", [" ".join(s.sql.split()) for s in sql.of_kind("SELECT")])
    warned = lab.fact("warnings raised by the three queries", [f"{w.category.__name__}: {w.message}" for w in caught])

    empty_in, empty_not_in, not_in_one = results["(1) in_([])"], results["(2) not_in([])"], results["(3) not_in([1])"]
    return {
        "A": isinstance(empty_in, Exception),
        "B": empty_in == [] and sent["(1) in_([])"] == 1,
        "C": bool(warned) and empty_in == [1, 2, 3, 4],
        "D": empty_not_in == [1, 2, 3, 4],
        "E": empty_not_in == [1, 2, 3],
        "F": not_in_one == [2, 3],
    }


if __name__ == "__main__":
    run_alone(__file__)

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
    shapes: dict[str, list] = {}
    with warnings.catch_warnings(record=True) as caught, lab.engine.connect() as conn:
        warnings.simplefilter("always")
        for label, criterion in [
            ("(1) in_([])", lambda: reading.c.sensor.in_([])),
            ("(2) not_in([])", lambda: reading.c.sensor.not_in([])),
            ("(3) not_in([1])", lambda: reading.c.sensor.not_in([1])),
        ]:
            with lab.capture() as sql:
                results[label] = lab.attempt(
                    f"{label}: ids",
                    lambda criterion=criterion: conn.scalars(
                        select(reading.c.id).where(criterion()).order_by(reading.c.id)
                    ).all(),
                )
            sent[label] = sql.count("SELECT")
            lab.fact(f"{label}: SQL sent", [" ".join(s.sql.split()) for s in sql.of_kind("SELECT")])
            shapes[label] = sql.of_kind("SELECT")
    with lab.engine.connect() as conn:
        lab.fact(
            "not_in([1]) | is_(None): ids",
            conn.scalars(
                select(reading.c.id)
                .where(reading.c.sensor.not_in([1]) | reading.c.sensor.is_(None))
                .order_by(reading.c.id)
            ).all(),
        )
    warned = lab.fact("warnings raised by the three queries", [f"{w.category.__name__}: {w.message}" for w in caught])

    # The "empty set" expression: `IN (NULL) AND (1 != 1)` on PostgreSQL and MariaDB, a sub-select on SQLite.
    (empty_select,) = shapes["(1) in_([])"]
    lab.fact(
        "(1)'s empty set is a sub-select on SQLite, IN (NULL) AND (1 != 1) elsewhere",
        empty_select.has_subquery
        if lab.backend == "sqlite"
        else not empty_select.has_subquery and "IN (NULL) AND (1 != 1)" in " ".join(empty_select.sql.split()),
    )
    attempt_1 = results["(1) in_([])"]
    empty_in, empty_not_in, not_in_one = (results[k].value for k in ("(1) in_([])", "(2) not_in([])", "(3) not_in([1])"))
    return {
        "A": not attempt_1.ok,
        "B": empty_in == [] and sent["(1) in_([])"] == 1,
        "C": bool(warned) and empty_in == [1, 2, 3, 4],
        "D": empty_not_in == [1, 2, 3, 4],
        "E": empty_not_in == [1, 2, 3],
        "F": not_in_one == [2, 3],
    }


if __name__ == "__main__":
    run_alone(__file__)

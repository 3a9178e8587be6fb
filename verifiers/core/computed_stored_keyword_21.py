"""Computed() without persisted= on PostgreSQL: STORED in 2.0; no keyword in 2.1, which warns on PostgreSQL < 18."""

import warnings

from sqlalchemy import Column, Computed, Integer, MetaData, Table, exc, insert, select
from sqlalchemy.dialects import postgresql
from sqlalchemy.schema import CreateTable

from verifiers import Lab, run_alone

metadata = MetaData()
line = Table(
    "line", metadata,
    Column("id", Integer, primary_key=True),
    Column("x", Integer),
    Column("y", Integer, Computed("x * 2")),                  # persisted not given
    Column("z", Integer, Computed("x * 3", persisted=True)),
)


def generated_clause(sql: str, column: str) -> str:
    """The column's line of a CREATE TABLE, from GENERATED on: 'GENERATED ALWAYS AS (x * 2) STORED'."""
    for text_line in sql.splitlines():
        words = text_line.strip().split(" ", 1)
        if words[0] == column and "GENERATED" in text_line:
            return text_line[text_line.index("GENERATED"):].strip().rstrip(",")
    return ""


def prove(lab: Lab) -> dict[str, bool]:
    offline = str(CreateTable(line).compile(dialect=postgresql.dialect()))
    offline_y = lab.fact("y compiled offline for postgresql", generated_clause(offline, "y"))

    with warnings.catch_warnings(record=True) as caught, lab.capture() as ddl:
        warnings.simplefilter("always")
        created = lab.attempt("create_all", lambda: metadata.create_all(lab.engine))
    sa_warnings = lab.fact("SAWarnings during create_all",
                           [str(w.message) for w in caught if issubclass(w.category, exc.SAWarning)])
    [create] = ddl.of_kind("CREATE TABLE")
    sent_y = lab.fact("y as sent to the server", generated_clause(create.sql, "y"))
    lab.fact("z as sent to the server", generated_clause(create.sql, "z"))

    y_value = None
    if created.ok:
        with lab.engine.begin() as conn:
            conn.execute(insert(line).values(id=1, x=3))
            y_value = lab.fact("y after inserting x=3", conn.scalar(select(line.c.y)))

    return {
        "A": sent_y == "GENERATED ALWAYS AS (x * 2) STORED",
        "B": any("line.y" in message and "persisted" in message for message in sa_warnings),
        "C": offline_y == "GENERATED ALWAYS AS (x * 2)",
        "D": created.raised(exc.ProgrammingError) or created.raised(exc.NotSupportedError),
        "E": y_value == 6,
        "F": any("line.z" in message for message in sa_warnings),
    }


if __name__ == "__main__":
    run_alone(__file__)

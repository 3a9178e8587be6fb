"""Enum(PyEnum) stores the members' names, not their values, unless values_callable says otherwise."""

import enum

from sqlalchemy import Column, Enum, Integer, MetaData, Table, insert, select, text

from verifiers import Lab, run_alone


class Color(enum.Enum):
    RED = "r"
    GREEN = "g"


metadata = MetaData()

paint = Table(
    "paint",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("by_name", Enum(Color)),
    Column("by_value", Enum(Color, name="color_value", values_callable=lambda members: [m.value for m in members])),
)


def prove(lab: Lab) -> dict[str, bool]:
    with lab.capture() as ddl:
        metadata.create_all(lab.engine)
    lab.fact("DDL sent by create_all()", [s.sql for s in ddl.queries.of_kind("CREATE TABLE", "CREATE TYPE")])
    create_table = ddl.of_kind("CREATE TABLE")[0]
    created_types = ddl.of_kind("CREATE TYPE")
    storage = {
        # SQLite: a VARCHAR; MariaDB: a native ENUM; PostgreSQL: a named ENUM type, created first.
        "sqlite": lambda: create_table.mentions("VARCHAR") and not created_types,
        "mariadb": lambda: create_table.mentions("ENUM") and not created_types,
        "postgresql": lambda: any(s.mentions("color") and s.mentions("ENUM") for s in created_types),
    }[lab.backend]()
    lab.fact("the column type is the one this backend is said to use", storage)

    with lab.engine.begin() as conn:
        conn.execute(insert(paint).values(id=1, by_name=Color.RED, by_value=Color.RED))
        conn.execute(insert(paint).values(id=2, by_name="GREEN", by_value=Color.GREEN))

    # What the database holds, read without the Enum type in the way.
    with lab.other_connection() as other:
        stored = {row.id: (row.by_name, row.by_value) for row in other.execute(text("SELECT id, by_name, by_value FROM paint"))}
    lab.fact("stored (by_name, by_value), read with text()", stored)

    # What the table's columns give back.
    with lab.engine.connect() as conn:
        loaded = {row.id: (row.by_name, row.by_value) for row in conn.execute(select(paint))}
    lab.fact("loaded (by_name, by_value) through the table", {i: (repr(a), repr(b)) for i, (a, b) in loaded.items()})
    lab.fact("row 1's by_value loads as Color.RED", loaded[1][1] is Color.RED)

    return {
        "A": stored[1][0] == "r",
        "B": stored[1][0] == "RED",
        "C": stored[1][0] == "Color.RED",
        "D": stored[1][1] == "r",
        "E": loaded[1][1] == "r",
        "F": stored[2][0] == "GREEN" and loaded[2][0] is Color.GREEN,
    }


if __name__ == "__main__":
    run_alone(__file__)

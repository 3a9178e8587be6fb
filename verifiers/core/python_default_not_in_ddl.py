"""default= lives in SQLAlchemy's INSERT, not in the table; server_default= is DDL and applies to every INSERT."""

import re

from sqlalchemy import Column, Integer, MetaData, Table, insert, select, text

from verifiers import Lab, StatementList, run_alone

metadata = MetaData()

ticket = Table(
    "ticket",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("priority", Integer, default=7),
    Column("retries", Integer, server_default="8"),
)


def column_ddl(ddl: StatementList, column: str) -> str:
    """What the CREATE TABLE for ``ticket`` says after the column's name, up to the next comma."""
    create = ddl.of_kind("CREATE TABLE")
    match = re.search(rf"[(,]\s*[`\"]?{column}[`\"]?\s+([^,]*)", create[0].sql if create else "")
    return match.group(1).strip() if match else ""


def insert_columns(sql: str) -> list[str]:
    """The column list of an INSERT statement, without quoting."""
    match = re.search(r"INSERT INTO\s+\S+\s*\(([^)]*)\)", sql, re.I)
    return [name.strip(" `\"") for name in match.group(1).split(",")] if match else []


def prove(lab: Lab) -> dict[str, bool]:
    with lab.capture() as ddl:
        metadata.create_all(lab.engine)
    priority_ddl = lab.fact("CREATE TABLE: priority", column_ddl(ddl, "priority"))
    retries_ddl = lab.fact("CREATE TABLE: retries", column_ddl(ddl, "retries"))

    with lab.engine.begin() as conn:
        conn.execute(text("INSERT INTO ticket (id) VALUES (1)"))
        with lab.capture() as core_sql:
            conn.execute(insert(ticket).values(id=2))

    core_insert = core_sql.of_kind("INSERT")[0]
    sent_columns = lab.fact("columns in the Core INSERT", insert_columns(core_insert.sql))
    lab.fact("its parameters", core_insert.parameters)
    parameters = core_insert.parameters
    sent_values = list(parameters.values()) if isinstance(parameters, dict) else list(parameters)

    with lab.engine.connect() as conn:
        rows = dict(
            (row.id, (row.priority, row.retries))
            for row in conn.execute(select(ticket.c.id, ticket.c.priority, ticket.c.retries))
        )
    via_text = lab.fact("row 1 (text() INSERT): priority, retries", rows[1])
    via_core = lab.fact("row 2 (Core insert()): priority, retries", rows[2])

    return {
        "A": "DEFAULT" not in priority_ddl.upper() and "DEFAULT '8'" in retries_ddl,
        "B": "DEFAULT" in priority_ddl.upper(),
        "C": via_text == (None, 8),
        "D": via_text[0] == 7,
        "E": "priority" in sent_columns and "retries" not in sent_columns and 7 in sent_values and via_core == (7, 8),
        "F": "retries" in sent_columns,
    }


if __name__ == "__main__":
    run_alone(__file__)

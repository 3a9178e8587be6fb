"""create_all() creates missing tables only; a column added to an existing table's model never reaches the database."""

import re

from sqlalchemy import Column, ForeignKey, Integer, MetaData, String, Table, inspect, insert, select
from sqlalchemy.exc import DBAPIError

from verifiers import Lab, run_alone

# What the database was created from, in release 1.
release_1 = MetaData()
Table(
    "customer",
    release_1,
    Column("id", Integer, primary_key=True),
    Column("name", String(50), nullable=False),
)

# Release 2: the model gains a column and a new table.
release_2 = MetaData()
customer = Table(
    "customer",
    release_2,
    Column("id", Integer, primary_key=True),
    Column("name", String(50), nullable=False),
    Column("email", String(100)),
)
Table(
    "invoice",
    release_2,
    Column("id", Integer, primary_key=True),
    Column("customer_id", ForeignKey("customer.id")),
)


def table_created_by(create_table: str) -> str:
    """The table name in a CREATE TABLE statement, without quoting."""
    return re.match(r"\s*CREATE\s+TABLE\s+[`\"]?(\w+)", create_table, re.I).group(1)


def prove(lab: Lab) -> dict[str, bool]:
    release_1.create_all(lab.engine)
    with lab.engine.begin() as conn:
        conn.execute(insert(release_1.tables["customer"]).values(id=1, name="ada"))

    create_all_error = None
    with lab.capture() as ddl:
        try:
            release_2.create_all(lab.engine)
        except Exception as error:  # what "it raises because the definitions differ" predicts
            create_all_error = error
    lab.fact("exception from release_2.create_all()", repr(create_all_error) if create_all_error else None)
    lab.fact("DDL statements create_all sent", [s.kind for s in ddl.queries if s.kind.split()[0] in ("CREATE", "ALTER", "DROP")])
    created_tables = lab.fact("tables create_all sent CREATE TABLE for", [table_created_by(s.sql) for s in ddl.of_kind("CREATE TABLE")])

    insp = inspect(lab.engine)
    tables = lab.fact("tables in the database", sorted(insp.get_table_names()))
    columns = lab.fact("columns of customer in the database", [c["name"] for c in insp.get_columns("customer")])
    with lab.engine.connect() as conn:
        kept_rows = lab.fact("customer names still stored", list(conn.scalars(select(release_1.tables["customer"].c.name))))

    select_error = None
    with lab.engine.connect() as conn:
        try:
            conn.execute(select(customer)).all()
        except Exception as error:
            select_error = error
    lab.fact("exception from select(customer) with the release 2 table", repr(select_error)[:160] if select_error else None)

    return {
        "A": ddl.count("ALTER TABLE") > 0 or "email" in columns,
        "B": created_tables == ["invoice"] and "invoice" in tables and columns == ["id", "name"],
        "C": ddl.count("DROP TABLE") > 0 or kept_rows != ["ada"],
        "D": create_all_error is not None,
        "E": create_all_error is None and isinstance(select_error, DBAPIError),
    }


if __name__ == "__main__":
    run_alone(__file__)

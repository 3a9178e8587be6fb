"""create_all() creates missing tables only; a column added to an existing table's model never reaches the database."""

import re

from sqlalchemy import Column, ForeignKey, Integer, MetaData, String, Table, inspect, insert, select
from sqlalchemy.exc import DBAPIError, OperationalError, ProgrammingError

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

    with lab.capture() as ddl:
        create_all = lab.attempt("release_2.create_all()", lambda: release_2.create_all(lab.engine))
    lab.fact("DDL statements create_all sent", [s.kind for s in ddl.queries if s.kind.split()[0] in ("CREATE", "ALTER", "DROP")])
    created_tables = lab.fact("tables create_all sent CREATE TABLE for", [table_created_by(s.sql) for s in ddl.of_kind("CREATE TABLE")])

    insp = inspect(lab.engine)
    tables = lab.fact("tables in the database", sorted(insp.get_table_names()))
    columns = lab.fact("columns of customer in the database", [c["name"] for c in insp.get_columns("customer")])
    with lab.engine.connect() as conn:
        kept_rows = lab.fact("customer names still stored", list(conn.scalars(select(release_1.tables["customer"].c.name))))

    def select_release_2() -> list:
        with lab.engine.connect() as conn:
            return conn.execute(select(customer)).all()

    selecting = lab.attempt("select(customer) with the release 2 table", select_release_2)
    select_error = selecting.error
    lab.fact(
        "the SELECT's error is a ProgrammingError or OperationalError",
        isinstance(select_error, (ProgrammingError, OperationalError)),
    )
    lab.fact("the SELECT's error message names the email column", "email" in str(getattr(select_error, "orig", "")))

    return {
        "A": ddl.count("ALTER TABLE") > 0 or "email" in columns,
        "B": created_tables == ["invoice"] and "invoice" in tables and columns == ["id", "name"],
        "C": ddl.count("DROP TABLE") > 0 or kept_rows != ["ada"],
        "D": not create_all.ok,
        "E": create_all.ok and isinstance(select_error, DBAPIError),
    }


if __name__ == "__main__":
    run_alone(__file__)

"""On SQLite, batch_alter_table(recreate="auto") copies the table only for what ALTER TABLE cannot do, as Alembic judges it."""

from alembic.operations import Operations
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Column, DateTime, Integer, MetaData, String, Table, insert, inspect, select, text

from verifiers import Lab, Statement, run_alone

# The table as the previous migration left it, with one row that must survive every change.
deployed = MetaData()
item = Table(
    "item",
    deployed,
    Column("id", Integer, primary_key=True),
    Column("name", String(50)),
    Column("code", String(10)),
    Column("legacy", String(10)),
)


def migrate(lab: Lab, step) -> list[Statement]:
    """Run ``step(op)`` in a transaction, as a migration's upgrade() would; the DDL and DML it sent."""
    with lab.capture() as sql, lab.engine.begin() as connection:
        step(Operations(MigrationContext.configure(connection)))
    return [s for s in sql.queries if s.kind != "PRAGMA" and not s.kind.startswith("SELECT")]


def add_note(op: Operations) -> None:
    with op.batch_alter_table("item") as batch:
        batch.add_column(Column("note", String(20), server_default="x"))


def drop_code_in_batch(op: Operations) -> None:
    with op.batch_alter_table("item") as batch:
        batch.drop_column("code")


def drop_legacy_plainly(op: Operations) -> None:
    op.drop_column("item", "legacy")


def add_created_at(op: Operations) -> None:
    with op.batch_alter_table("item") as batch:
        batch.add_column(Column("created_at", DateTime, server_default=text("CURRENT_TIMESTAMP")))


def copies_table(statements: list[Statement]) -> bool:
    return any(s.kind == "CREATE TABLE" and s.mentions("_alembic_tmp_item") for s in statements)


def shapes(statements: list[Statement]) -> list[str]:
    """Each statement cut to its first words, e.g. 'ALTER TABLE item ADD COLUMN note'."""
    return [" ".join(s.sql.split()[:6]) for s in statements]


def prove(lab: Lab) -> dict[str, bool]:
    deployed.create_all(lab.engine)
    with lab.engine.begin() as connection:
        connection.execute(insert(item).values(id=1, name="ada", code="c1", legacy="old"))

    add_note_sql = migrate(lab, add_note)
    lab.fact("batch add_column note, server_default='x'", shapes(add_note_sql))
    drop_in_batch_sql = migrate(lab, drop_code_in_batch)
    lab.fact("batch drop_column code", shapes(drop_in_batch_sql))
    drop_plain_sql = migrate(lab, drop_legacy_plainly)
    lab.fact("op.drop_column('item', 'legacy') outside batch", shapes(drop_plain_sql))
    add_created_at_sql = migrate(lab, add_created_at)
    lab.fact("batch add_column created_at, server_default=text('CURRENT_TIMESTAMP')", shapes(add_created_at_sql))

    copy_steps = lab.fact(
        "the batch drop_column's statements: kind and the tables named",
        [(s.kind, [t for t in ("_alembic_tmp_item", "item") if s.mentions(t)]) for s in drop_in_batch_sql],
    )
    lab.fact("which steps copied the table (note, drop code, drop legacy, created_at)",
             [copies_table(step) for step in (add_note_sql, drop_in_batch_sql, drop_plain_sql, add_created_at_sql)])
    lab.fact("the created_at copy's new table has DEFAULT CURRENT_TIMESTAMP",
             any(s.kind == "CREATE TABLE" and s.mentions("_alembic_tmp_item") and "DEFAULT CURRENT_TIMESTAMP" in " ".join(s.sql.split())
                 for s in add_created_at_sql))
    lab.fact("columns of item at the end", [c["name"] for c in inspect(lab.engine).get_columns("item")])
    with lab.other_connection() as other:
        row = lab.fact("row 1 at the end (id, name, note)", tuple(other.execute(select(item.c.id, item.c.name, text("note"))).one()))

    return {
        "A": copies_table(add_note_sql) and copies_table(drop_in_batch_sql) and copies_table(add_created_at_sql),
        "B": [s.kind for s in add_note_sql] == ["ALTER TABLE"] and "ADD COLUMN note" in add_note_sql[0].sql,
        "C": any(s.kind == "ALTER TABLE" and "DROP COLUMN code" in s.sql for s in drop_in_batch_sql),
        "D": [s.kind for s in drop_plain_sql] == ["ALTER TABLE"] and "DROP COLUMN legacy" in drop_plain_sql[0].sql,
        "E": not copies_table(add_created_at_sql)
        and any(s.kind == "ALTER TABLE" and "ADD COLUMN created_at" in s.sql for s in add_created_at_sql),
        "F": copy_steps
        == [
            ("CREATE TABLE", ["_alembic_tmp_item"]),
            ("INSERT", ["_alembic_tmp_item", "item"]),
            ("DROP TABLE", ["item"]),
            ("ALTER TABLE", ["_alembic_tmp_item", "item"]),
        ]
        and row == (1, "ada", "x"),
    }


if __name__ == "__main__":
    run_alone(__file__)

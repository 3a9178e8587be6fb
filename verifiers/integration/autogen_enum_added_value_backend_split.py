"""On PostgreSQL, autogenerate does not notice a value added to a named ENUM type, so the database keeps rejecting it."""

from alembic.autogenerate import compare_metadata, produce_migrations, render_python_code
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Column, Enum, Integer, MetaData, Table, insert
from sqlalchemy.exc import DBAPIError

from verifiers import Lab, run_alone

# What the database holds: the enum as the last migration created it.
deployed = MetaData()
Table(
    "item",
    deployed,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("status", Enum("a", "b", name="status_enum")),
)

# The models after editing: one more value.
edited = MetaData()
item = Table(
    "item",
    edited,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("status", Enum("a", "b", "c", name="status_enum")),
)


def flatten(diffs: list) -> list[tuple]:
    """compare_metadata() gives column modifications as lists of tuples; give every diff as one tuple."""
    flat: list[tuple] = []
    for diff in diffs:
        flat.extend(diff if isinstance(diff, list) else [diff])
    return flat


def rendered_upgrade(lab: Lab) -> list[str]:
    """The lines autogenerate would write into upgrade(), without its banner comments."""
    with lab.engine.connect() as connection:
        script = produce_migrations(MigrationContext.configure(connection), edited)
    text = render_python_code(script.upgrade_ops)
    return [line.strip() for line in text.splitlines() if line.strip() and not line.strip().startswith("#")]


said: dict[str, bool] = {}  # per status: whether the database's error said "invalid input value for enum"


def insert_error(lab: Lab, status: str) -> str | None:
    """The error class the database raises for a row with this status, or None if it is accepted."""
    try:
        with lab.engine.connect() as connection, connection.begin() as transaction:
            connection.execute(insert(item), {"id": 1, "status": status})
            transaction.rollback()
    except DBAPIError as error:  # the question is whether the database type knows the new value
        said[status] = "invalid input value for enum" in str(error.orig)
        return type(error.orig).__name__
    return None


def prove(lab: Lab) -> dict[str, bool]:
    deployed.create_all(lab.engine)

    with lab.engine.connect() as connection:
        diffs = flatten(compare_metadata(MigrationContext.configure(connection), edited))
    lab.fact("diffs (default options: compare_type on)", [d[0] for d in diffs])
    upgrade = lab.fact("rendered upgrade() lines", rendered_upgrade(lab))
    rejected = lab.fact("error inserting status 'c' after running that upgrade as rendered", insert_error(lab, "c"))
    accepted = lab.fact("error inserting status 'b' (control)", insert_error(lab, "b"))
    lab.fact("status 'c': the database says invalid input value for enum", said.get("c", False))

    kinds = [d[0] for d in diffs]
    return {
        "A": any(kind in ("remove_table", "add_table") for kind in kinds) or any("drop" in line for line in upgrade),
        "B": "modify_type" in kinds,
        "C": any("ADD VALUE" in line for line in upgrade),
        "D": diffs == [] and upgrade == ["pass"],
        "E": rejected is not None and accepted is None,
    }


if __name__ == "__main__":
    run_alone(__file__)

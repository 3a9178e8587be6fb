"""On MariaDB and SQLite, DDL is not rolled back: a failed `upgrade head` leaves earlier revisions and part of the failing one."""

from alembic import command
from alembic.config import Config
from sqlalchemy import MetaData, column, inspect, select, table

from verifiers import Lab, Revision, alembic_project, run_alone

REVISIONS = {
    "a1": Revision.creating(None, "t1"),
    "b2": Revision.creating("a1", "t2"),
    # c3 creates its table, then fails: the table it alters does not exist.
    "c3": Revision("b2", upgrade="""
        op.create_table('t3', sa.Column('id', sa.Integer, primary_key=True))
        op.add_column('no_such_table', sa.Column('note', sa.String(20)))
    """),
}


def upgrade_error(config: Config) -> str | None:
    """Run `upgrade head`: None if it succeeded, else the error's class and the database's first line."""
    try:
        command.upgrade(config, "head")
    except Exception as raised:  # c3 is meant to fail; what it leaves behind is the question
        return f"{type(raised).__name__}: {str(raised.__cause__ or raised).strip().splitlines()[0]}"
    return None


def left_behind(lab: Lab, label: str) -> tuple[list[str], list[str]]:
    """The tables and the alembic_version rows the database holds now."""
    tables = lab.fact(f"{label}: tables left", sorted(inspect(lab.engine).get_table_names()))
    versions: list[str] = []
    if "alembic_version" in tables:
        with lab.other_connection() as other:
            versions = list(other.scalars(select(column("version_num")).select_from(table("alembic_version"))))
    lab.fact(f"{label}: alembic_version rows", versions)
    return tables, versions


def drop_everything(lab: Lab) -> None:
    """Back to an empty database, for the run with other options."""
    everything = MetaData()
    everything.reflect(lab.engine)
    everything.drop_all(lab.engine)


def prove(lab: Lab) -> dict[str, bool]:
    with alembic_project(lab.engine, REVISIONS) as config:
        with lab.capture() as first_run:
            first_error = lab.fact("stock env.py: error", upgrade_error(config))
        lab.fact("stock env.py: transaction control", first_run.transaction_flow())
        tables, versions = left_behind(lab, "stock env.py")

        second_error = lab.fact("`upgrade head` run again: error", upgrade_error(config))

    drop_everything(lab)
    with alembic_project(lab.engine, REVISIONS, transaction_per_migration=True) as config:
        per_migration_error = lab.fact("transaction_per_migration=True: error", upgrade_error(config))
        per_migration_tables, per_migration_versions = left_behind(lab, "transaction_per_migration=True")

    return {
        "A": first_error is not None and {"t1", "t2"} <= set(tables) and versions == ["b2"],
        "B": "t3" in tables,
        "C": not {"t1", "t2", "t3"} & set(tables),
        "D": "alembic_version" in tables and versions == [],
        "E": second_error is not None and "t3" in second_error and "already exists" in second_error,
        "F": per_migration_error is not None and "t3" not in per_migration_tables,
    }


if __name__ == "__main__":
    run_alone(__file__)

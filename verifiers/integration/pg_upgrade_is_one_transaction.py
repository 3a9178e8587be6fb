"""On PostgreSQL, a failed `upgrade head` undoes every revision of the run, unless each migration has its own transaction."""

from alembic import command
from sqlalchemy import column, inspect, select, table

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


def failed_upgrade(lab: Lab, label: str, **options) -> tuple[list[str], list[str]]:
    """Run `upgrade head` (which fails in c3) with ``options``; the tables and alembic_version rows it leaves."""
    with alembic_project(lab.engine, REVISIONS, **options) as config:
        with lab.capture() as sql:
            try:
                command.upgrade(config, "head")
                error = None
            except Exception as raised:  # c3 is meant to fail; what it leaves behind is the question
                error = f"{type(raised).__name__}: {str(raised.__cause__ or raised).splitlines()[0]}"
        lab.fact(f"{label}: error", error)
        lab.fact(f"{label}: transaction control", sql.transaction_flow())

    tables = lab.fact(f"{label}: tables left", sorted(inspect(lab.engine).get_table_names()))
    versions: list[str] = []
    if "alembic_version" in tables:
        with lab.other_connection() as other:
            versions = list(other.scalars(select(column("version_num")).select_from(table("alembic_version"))))
    lab.fact(f"{label}: alembic_version rows", versions)
    return tables, versions


def prove(lab: Lab) -> dict[str, bool]:
    tables, versions = failed_upgrade(lab, "stock env.py")
    per_migration_tables, per_migration_versions = failed_upgrade(
        lab, "transaction_per_migration=True", transaction_per_migration=True
    )

    return {
        "A": "t1" not in tables and "t2" not in tables,
        "B": versions == ["b2"],
        "C": "alembic_version" not in tables,
        "D": "t3" in tables,
        "E": {"t1", "t2"} <= set(per_migration_tables) and per_migration_versions == ["b2"],
        "F": "t3" in per_migration_tables,
    }


if __name__ == "__main__":
    run_alone(__file__)

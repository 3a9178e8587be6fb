"""On PostgreSQL, a failed `upgrade head` undoes every revision of the run, unless each migration has its own transaction."""

import tempfile
import textwrap
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import column, inspect, select, table

from verifiers import Lab, run_alone

# The stock online env.py, except that the engine and configure() options come from the Config.
ENV_PY = """
from alembic import context

with context.config.attributes["engine"].connect() as connection:
    context.configure(connection=connection, target_metadata=None, **context.config.attributes["options"])
    with context.begin_transaction():
        context.run_migrations()
"""

# revision: (down_revision, its upgrade() body)
REVISIONS = {
    "a1": (None, "op.create_table('t1', sa.Column('id', sa.Integer, primary_key=True))"),
    "b2": ("a1", "op.create_table('t2', sa.Column('id', sa.Integer, primary_key=True))"),
    # c3 creates its table, then fails: the table it alters does not exist.
    "c3": ("b2", "op.create_table('t3', sa.Column('id', sa.Integer, primary_key=True))\n"
                 "    op.add_column('no_such_table', sa.Column('note', sa.String(20)))"),
}


def revision_file(revision: str, down_revision: str | None, upgrade: str) -> str:
    return textwrap.dedent("""
        from alembic import op
        import sqlalchemy as sa

        revision = {revision!r}
        down_revision = {down_revision!r}

        def upgrade():
            {upgrade}
    """).format(revision=revision, down_revision=down_revision, upgrade=upgrade)


def alembic_project(folder: Path, lab: Lab, **options) -> Config:
    """Write env.py and the revisions under ``folder``; a Config that runs them on lab.engine with ``options``."""
    (folder / "versions").mkdir(parents=True)
    (folder / "env.py").write_text(ENV_PY)
    for revision, (down_revision, upgrade) in REVISIONS.items():
        (folder / "versions" / f"{revision}.py").write_text(revision_file(revision, down_revision, upgrade))
    config = Config()
    config.set_main_option("script_location", str(folder))
    config.attributes.update(engine=lab.engine, options=options)
    return config


def failed_upgrade(lab: Lab, label: str, **options) -> tuple[list[str], list[str]]:
    """Run `upgrade head` (which fails in c3) with ``options``; the tables and alembic_version rows it leaves."""
    with tempfile.TemporaryDirectory(prefix="proofbank-alembic-") as folder:
        config = alembic_project(Path(folder), lab, **options)
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

"""From a merge revision, relative downgrades are refused; downgrading to one parent reverses only the merge."""

import tempfile
import textwrap
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import inspect, select, table, column

from verifiers import Lab, run_alone

# The stock online env.py, except that the engine comes from the Config instead of alembic.ini.
ENV_PY = """
from alembic import context

with context.config.attributes["engine"].connect() as connection:
    context.configure(connection=connection, target_metadata=None)
    with context.begin_transaction():
        context.run_migrations()
"""

# revision: (down_revision, the table its upgrade creates, or None for a merge with no changes of its own)
REVISIONS = {
    "a1": (None, "t_base"),
    "c3": ("a1", "t_c"),
    "d4": ("a1", "t_d"),
    "m5": (("c3", "d4"), None),
}


def revision_file(revision: str, down_revision, creates: str | None) -> str:
    upgrade = f"op.create_table({creates!r}, sa.Column('id', sa.Integer, primary_key=True))" if creates else "pass"
    downgrade = f"op.drop_table({creates!r})" if creates else "pass"
    return textwrap.dedent(f"""
        from alembic import op
        import sqlalchemy as sa

        revision = {revision!r}
        down_revision = {down_revision!r}

        def upgrade():
            {upgrade}

        def downgrade():
            {downgrade}
    """)


def alembic_project(folder: Path, lab: Lab) -> Config:
    """Write env.py and the revisions under ``folder``; a Config that runs them on lab.engine."""
    (folder / "versions").mkdir(parents=True)
    (folder / "env.py").write_text(ENV_PY)
    for revision, (down_revision, creates) in REVISIONS.items():
        (folder / "versions" / f"{revision}.py").write_text(revision_file(revision, down_revision, creates))
    config = Config()
    config.set_main_option("script_location", str(folder))
    config.attributes["engine"] = lab.engine
    return config


def versions(lab: Lab) -> list[str]:
    """The rows of alembic_version, as another connection reads them."""
    with lab.other_connection() as other:
        return sorted(other.scalars(select(column("version_num")).select_from(table("alembic_version"))))


def outcome(action) -> str | None:
    """None if ``action()`` succeeded, else the error's class and first line."""
    try:
        action()
    except Exception as error:  # the question is which commands Alembic refuses
        return f"{type(error).__name__}: {str(error).strip().splitlines()[0]}"
    return None


def prove(lab: Lab) -> dict[str, bool]:
    with tempfile.TemporaryDirectory(prefix="proofbank-alembic-") as folder:
        config = alembic_project(Path(folder), lab)
        command.upgrade(config, "heads")
        at_merge = lab.fact("alembic_version after `upgrade heads`", versions(lab))

        minus_one = lab.fact("`downgrade -1`", outcome(lambda: command.downgrade(config, "-1")))
        after_minus_one = lab.fact("alembic_version after `downgrade -1`", versions(lab))
        named_minus_one = lab.fact("`downgrade m5-1`", outcome(lambda: command.downgrade(config, "m5-1")))
        after_named = lab.fact("alembic_version after `downgrade m5-1`", versions(lab))

        with lab.capture() as downgrading:
            to_c3 = lab.fact("`downgrade c3`", outcome(lambda: command.downgrade(config, "c3")))
        after_c3 = lab.fact("alembic_version after `downgrade c3`", versions(lab))
        lab.fact("DDL `downgrade c3` sent", [s.sql for s in downgrading.of_kind("DROP")])
        tables = lab.fact("tables after `downgrade c3`", sorted(inspect(lab.engine).get_table_names()))

    return {
        "A": minus_one is None and after_minus_one == ["c3"],
        "B": minus_one is not None and after_minus_one == at_merge == ["m5"],
        "C": named_minus_one is None and after_named != at_merge,
        "D": to_c3 is None and after_c3 == ["c3", "d4"] and "t_d" in tables,
        "E": "t_d" not in tables,
    }


if __name__ == "__main__":
    run_alone(__file__)

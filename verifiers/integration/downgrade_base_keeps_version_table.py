"""`downgrade -1` reverses one revision; `downgrade base` reverses the rest, newest first, and empties alembic_version without dropping it."""

import tempfile
import textwrap
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import column, inspect, select, table

from verifiers import Lab, run_alone

# The stock online env.py, except that the engine comes from the Config instead of alembic.ini.
ENV_PY = """
from alembic import context

with context.config.attributes["engine"].connect() as connection:
    context.configure(connection=connection, target_metadata=None)
    with context.begin_transaction():
        context.run_migrations()
"""

# revision: (down_revision, the table its upgrade creates and its downgrade drops)
REVISIONS = {
    "a1": (None, "t_a"),
    "b2": ("a1", "t_b"),
    "c3": ("b2", "t_c"),
}


def revision_file(revision: str, down_revision: str | None, creates: str) -> str:
    return textwrap.dedent(f"""
        from alembic import op
        import sqlalchemy as sa

        revision = {revision!r}
        down_revision = {down_revision!r}

        def upgrade():
            op.create_table({creates!r}, sa.Column('id', sa.Integer, primary_key=True))

        def downgrade():
            op.drop_table({creates!r})
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


def tables(lab: Lab) -> list[str]:
    return sorted(inspect(lab.engine).get_table_names())


def versions(lab: Lab) -> list[str] | None:
    """The rows of alembic_version as another connection reads them; None if the table is gone."""
    if "alembic_version" not in tables(lab):
        return None
    with lab.other_connection() as other:
        return sorted(other.scalars(select(column("version_num")).select_from(table("alembic_version"))))


def dropped(capture) -> list[str]:
    """The tables the captured DROP TABLE statements name, in the order sent."""
    names = [creates for _, creates in REVISIONS.values()] + ["alembic_version"]
    return [name for statement in capture.of_kind("DROP TABLE") for name in names if statement.mentions(name)]


def prove(lab: Lab) -> dict[str, bool]:
    with tempfile.TemporaryDirectory(prefix="proofbank-alembic-") as folder:
        config = alembic_project(Path(folder), lab)
        command.upgrade(config, "head")
        lab.fact("alembic_version after `upgrade head`", versions(lab))

        with lab.capture() as stepping_back:
            command.downgrade(config, "-1")
        one_back = lab.fact("tables `downgrade -1` dropped", dropped(stepping_back))
        after_one = lab.fact("alembic_version after `downgrade -1`", versions(lab))

        with lab.capture() as to_base:
            command.downgrade(config, "base")
        at_base = lab.fact("tables `downgrade base` dropped, in order", dropped(to_base))
        after_base = lab.fact("alembic_version after `downgrade base` (None: no such table)", versions(lab))
        left = lab.fact("tables left after `downgrade base`", tables(lab))

    return {
        "A": one_back == ["t_c"] and after_one == ["b2"],
        "B": after_base is None and "alembic_version" not in left,
        "C": after_base == [] and left == ["alembic_version"],
        "D": after_base == ["base"],
        "E": at_base == ["t_a", "t_b"],
    }


if __name__ == "__main__":
    run_alone(__file__)

"""A throwaway Alembic project, for proofs about migrations.

``alembic_project(lab.engine, revisions)`` writes the stock online ``env.py``
(taking the engine, and any ``context.configure()`` options, from the Config
instead of ``alembic.ini``), a trimmed ``script.py.mako`` for commands that
write revisions (``merge``, ``revision``), and one file per :class:`Revision`
into a temporary folder, yields a :class:`Config` for ``alembic.command``, and
removes the folder afterwards.
"""

from __future__ import annotations

import argparse
import tempfile
import textwrap
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from alembic.config import Config
from sqlalchemy.engine import Engine

ENV_PY = """\
from alembic import context

with context.config.attributes["engine"].connect() as connection:
    options = {"target_metadata": None, **context.config.attributes["options"]}
    context.configure(connection=connection, **options)
    with context.begin_transaction():
        context.run_migrations()
"""

SCRIPT_MAKO = '''\
"""${message}"""
from alembic import op
import sqlalchemy as sa

revision = ${repr(up_revision)}
down_revision = ${repr(down_revision)}
branch_labels = None
depends_on = None


def upgrade():
    ${upgrades if upgrades else "pass"}


def downgrade():
    ${downgrades if downgrades else "pass"}
'''


@dataclass(frozen=True)
class Revision:
    """One migration: what it follows, and the bodies of its upgrade() and downgrade() (Python, unindented)."""

    down: str | tuple[str, ...] | None
    upgrade: str = "pass"
    downgrade: str = "pass"

    @classmethod
    def creating(cls, down: str | tuple[str, ...] | None, table: str) -> Revision:
        """A revision whose upgrade creates ``table`` (one integer key) and whose downgrade drops it."""
        return cls(down, f"op.create_table({table!r}, sa.Column('id', sa.Integer, primary_key=True))",
                   f"op.drop_table({table!r})")

    def source(self, revision: str) -> str:
        def body(code: str) -> str:
            return textwrap.indent(textwrap.dedent(code).strip(), "    ")

        return (
            "from alembic import op\nimport sqlalchemy as sa\n\n"
            f"revision = {revision!r}\ndown_revision = {self.down!r}\n\n\n"
            f"def upgrade():\n{body(self.upgrade)}\n\n\ndef downgrade():\n{body(self.downgrade)}\n"
        )


@contextmanager
def alembic_project(engine: Engine, revisions: Mapping[str, Revision], **options: Any) -> Iterator[Config]:
    """A Config whose migrations are ``revisions`` and run on ``engine``, with ``options`` for configure()."""
    with tempfile.TemporaryDirectory(prefix="proofbank-alembic-") as name:
        folder = Path(name)
        (folder / "versions").mkdir()
        (folder / "env.py").write_text(ENV_PY, encoding="utf-8")
        (folder / "script.py.mako").write_text(SCRIPT_MAKO, encoding="utf-8")
        for revision, migration in revisions.items():
            (folder / "versions" / f"{revision}.py").write_text(migration.source(revision), encoding="utf-8")
        config = Config(cmd_opts=argparse.Namespace(quiet=True))  # commands print nothing on stdout
        config.set_main_option("script_location", str(folder))
        config.attributes.update(engine=engine, options=options)
        yield config

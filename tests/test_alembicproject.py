"""The throwaway Alembic project that migration proofs use."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from sqlalchemy import create_engine, inspect

from verifiers import Revision, alembic_project


def test_revisions_run_on_the_engine_and_the_folder_is_removed(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'db.sqlite'}")
    revisions = {
        "a1": Revision.creating(None, "t_a"),
        "b2": Revision("a1", upgrade="""
            op.create_table('t_b', sa.Column('id', sa.Integer, primary_key=True))
            op.add_column('t_b', sa.Column('note', sa.String(20)))
        """, downgrade="op.drop_table('t_b')"),
    }
    try:
        with alembic_project(engine, revisions) as config:
            folder = Path(config.get_main_option("script_location"))
            command.upgrade(config, "head")
            assert sorted(inspect(engine).get_table_names()) == ["alembic_version", "t_a", "t_b"]
            assert [c["name"] for c in inspect(engine).get_columns("t_b")] == ["id", "note"]
            command.downgrade(config, "a1")
            assert "t_b" not in inspect(engine).get_table_names()
        assert not folder.exists()
    finally:
        engine.dispose()


def test_configure_options_reach_env_py(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'db.sqlite'}")
    try:
        with alembic_project(engine, {"a1": Revision.creating(None, "t_a")}, version_table="my_versions") as config:
            command.upgrade(config, "head")
        assert "my_versions" in inspect(engine).get_table_names()
    finally:
        engine.dispose()

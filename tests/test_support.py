"""The supported floor is read from one place, and a range is compared with it release by release."""

from __future__ import annotations

import importlib.metadata
from pathlib import Path

import pytest
from packaging.version import Version

from verifiers.harness import support


def test_the_floor_is_pyproject_tomls_requirement() -> None:
    text = (Path(__file__).resolve().parents[1] / "pyproject.toml").read_text()
    assert f'"sqlalchemy>={support.supported_floor()}"' in text


def test_a_checkout_never_installed_reads_pyproject_toml(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def not_installed(name: str) -> list[str]:
        raise importlib.metadata.PackageNotFoundError(name)

    monkeypatch.setattr(importlib.metadata, "requires", not_installed)
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text('[project]\nname = "proofbank"\ndependencies = [\n    "alembic>=1.13",\n'
                         '    "SQLAlchemy[asyncio] >= 2.0.41, <3",\n]\n')
    assert support.requirement_text(pyproject) == "SQLAlchemy[asyncio] >= 2.0.41, <3"
    assert support.requirement_text(tmp_path / "missing.toml") is None


@pytest.mark.parametrize(("spec", "below"), [
    (">=2.0.30,<2.2", None), (">=2.1", None), (">2.0.29", None), (">=2.0,<2.2", "2.0.0"), ("<2.2", "0.0.0"),
    ("~=2.0", "2.0.0"), ("==2.0.*", "2.0.0"), ("==2.0.5", "2.0.5"), (">=2.0.29,<2.1", "2.0.29"),
])
def test_a_range_admits_releases_below_the_floor(spec: str, below: str | None) -> None:
    assert support.below_floor(spec, Version("2.0.30")) == below

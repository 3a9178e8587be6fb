"""One virtual environment per SQLAlchemy version, built once and reused while it stays valid.

An environment lives in ``<cache>/sqlalchemy-<version>/`` and holds the project
(installed editable, so proofs and harness are the checkout's) with that exact
SQLAlchemy. A stamp file, written last, records what it was built from; an
environment without a matching stamp (interrupted, or the project's
dependencies changed since) is removed and built again.
"""

from __future__ import annotations

import hashlib
import json
import platform
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy

STAMP = "proofbank-environment.json"
Run = Callable[..., subprocess.CompletedProcess]


class EnvironmentFailed(Exception):
    """An environment could not be built; the message says which step failed and why."""


@dataclass(frozen=True)
class Environment:
    version: str
    python: Path
    origin: str  # "current" (this interpreter has that version), "cached" or "built"


def python_in(folder: Path) -> Path:
    return folder / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")


def stamp_for(version: str, root: Path) -> dict[str, str]:
    pyproject = (root / "pyproject.toml").read_bytes()
    return {
        "sqlalchemy": version,
        "python": platform.python_version(),
        "project": str(root.resolve()),
        "pyproject_sha256": hashlib.sha256(pyproject).hexdigest(),
    }


def _read_stamp(folder: Path) -> dict[str, str] | None:
    try:
        return json.loads((folder / STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _step(run: Run, what: str, command: list[str]) -> str:
    result = run(command, capture_output=True, text=True)
    if result.returncode != 0:
        output = (result.stdout + result.stderr).strip().splitlines()
        raise EnvironmentFailed(f"{what} failed (exit {result.returncode}): {' '.join(command)}\n"
                                + "\n".join("  " + line for line in output[-15:]))
    return result.stdout.strip()


def environment_for(version: str, root: Path, cache: Path, *, reuse_current: bool = True,
                    run: Run = subprocess.run) -> Environment:
    """An interpreter with SQLAlchemy ``version`` and the project; builds it on first use."""
    if reuse_current and sqlalchemy.__version__ == version:
        return Environment(version, Path(sys.executable), "current")
    folder = cache / f"sqlalchemy-{version}"
    wanted = stamp_for(version, root)
    if _read_stamp(folder) == wanted and python_in(folder).exists():
        return Environment(version, python_in(folder), "cached")
    shutil.rmtree(folder, ignore_errors=True)
    folder.parent.mkdir(parents=True, exist_ok=True)
    try:
        _step(run, "creating the virtual environment", [sys.executable, "-m", "venv", str(folder)])
        python = str(python_in(folder))
        _step(run, f"installing the project with SQLAlchemy {version}",
              [python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
               "--config-settings", "editable_mode=compat", "-e", str(root), f"sqlalchemy=={version}"])
        installed = _step(run, "checking the installed version",
                          [python, "-c", "import sqlalchemy; print(sqlalchemy.__version__)"])
        if installed != version:
            raise EnvironmentFailed(f"asked for SQLAlchemy {version}, but the environment has {installed}")
        (folder / STAMP).write_text(json.dumps(wanted, indent=1) + "\n", encoding="utf-8")
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)  # a half-built environment is never left to be mistaken for one
        raise
    return Environment(version, python_in(folder), "built")

"""The author's loop checks every release line a question claims: after ``proofbank verify <id>`` proves it on
the installed SQLAlchemy, the same questions run on the newest cached release of each other line."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy
from packaging.specifiers import SpecifierSet
from packaging.version import Version

from .bank import QuestionFile
from .matrix.command import versions_at_hand
from .matrix.releases import RELEASE_LINES
from .matrix.venvs import python_in


@dataclass(frozen=True)
class LineCheck:
    """One release line the questions claim, other than the installed one: where to run it, if anywhere."""

    line: str  # e.g. "2.0"
    version: str | None  # the newest cached release of that line, or None when none is cached
    python: Path | None


def other_lines(questions: list[QuestionFile], cache: Path, installed: str = sqlalchemy.__version__) -> list[LineCheck]:
    """The default release lines, other than the installed one, that any of ``questions`` declares."""
    at_hand = [v for v in versions_at_hand(cache) if v != installed]
    checks = []
    for spec in RELEASE_LINES:
        line_spec = SpecifierSet(spec)
        if line_spec.contains(installed):
            continue
        claimed = any(_overlaps(SpecifierSet(qf.question.sqlalchemy), line_spec) for qf in questions)
        if not claimed:
            continue
        line = spec.removeprefix("~=").removesuffix(".0")
        cached = sorted((v for v in at_hand if line_spec.contains(v)), key=Version)
        version = cached[-1] if cached else None
        checks.append(LineCheck(line, version, python_in(cache / f"sqlalchemy-{version}") if version else None))
    return checks


def _overlaps(declared: SpecifierSet, line: SpecifierSet) -> bool:
    major, minor = (int(p) for p in str(next(iter(line)).version).split(".")[:2])
    return any(declared.contains(f"{major}.{minor}.{micro}") for micro in range(100))


def run_on_line(check: LineCheck, paths: list[Path], root: Path, extra: list[str]) -> subprocess.CompletedProcess[str]:
    """Run the questions under that line's interpreter, with its records apart from the installed line's."""
    assert check.python is not None and check.version is not None
    records = root / ".proofbank" / "lines" / check.version
    command = [str(check.python), "-m", "pytest", *map(str, paths), "-p", "verifiers.harness.plugin",
               "-p", "no:cacheprovider", "--rootdir", str(root), "-q", "--record-dir", str(records), *extra]
    return subprocess.run(command, cwd=root, capture_output=True, text=True, stdin=subprocess.DEVNULL)

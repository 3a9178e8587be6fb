"""Read each version's run records into one matrix, and find where behaviour differs between versions."""

from __future__ import annotations

import datetime
import json
import platform
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from packaging.version import Version

from ..bank import QuestionFile
from ..records import RecordUnreadable, read_record
from .history import question_history

MATRIX_VERSION = 1


@dataclass(frozen=True)
class Cell:
    """One question on one backend under one SQLAlchemy version."""

    status: str  # passed, failed, error, outside (ran outside the declared range), missing (no record)
    in_range: bool | None = None
    holds: bool | None = None
    key: tuple[str, ...] | None = None
    observed: dict[str, bool] | None = None
    server_version: str | None = None
    problem: str | None = None

    @classmethod
    def from_record(cls, record: dict[str, Any] | None) -> Cell:
        if record is None:
            return cls("missing")
        options = record.get("options")
        return cls(
            status=record["status"],
            in_range=record.get("in_range"),
            holds=record.get("holds"),
            key=tuple(record["key"]) if record.get("key") is not None else None,
            observed={letter: row["observed"] for letter, row in options.items()} if options else None,
            server_version=record.get("server_version"),
            problem=record.get("problem"),
        )

    @classmethod
    def from_json(cls, data: Any, letters: list[str]) -> Cell:
        """A cell as a matrix record stores it (``observed`` lists the letters that held)."""
        if not isinstance(data, dict) or not isinstance(data.get("status"), str):
            return cls("missing")
        observed = data.get("observed")
        return cls(
            status=data["status"],
            in_range=data.get("in_range"),
            holds=data.get("holds"),
            key=tuple(data["key"]) if isinstance(data.get("key"), list) else None,
            observed={letter: letter in observed for letter in letters} if isinstance(observed, list) else None,
            server_version=data.get("server_version"),
        )

    @property
    def broken(self) -> bool:
        """A claim that did not hold: the question fails on this version."""
        return self.status in ("failed", "error")


@dataclass(frozen=True)
class Flip:
    """An option whose observed truth differs between versions, on the backends listed."""

    question: str
    option: str
    truth: tuple[tuple[str, bool], ...]  # (version, observed) in version order
    backends: tuple[str, ...]


@dataclass(frozen=True)
class VerdictChange:
    question: str
    backend: str
    statuses: tuple[tuple[str, str], ...]  # (version, status)


@dataclass
class Row:
    question: QuestionFile
    cells: dict[str, dict[str, Cell]] = field(default_factory=dict)  # version -> backend -> cell

    @property
    def id(self) -> str:
        return self.question.question.id


@dataclass
class Matrix:
    versions: list[str]
    backends: list[str]
    rows: list[Row]
    known_releases: list[str] | None = None  # every release there is, to tell a change's exact release

    def cell(self, row: Row, version: str, backend: str) -> Cell | None:
        """None when the question is not about ``backend``."""
        if backend not in row.question.question.backends:
            return None
        return row.cells[version][backend]

    def flips(self) -> list[Flip]:
        grouped: dict[tuple[str, str, tuple[tuple[str, bool], ...]], list[str]] = defaultdict(list)
        for row in self.rows:
            for backend in row.question.question.backends:
                for option in row.question.question.options:
                    truth = tuple((v, observed[option]) for v in self.versions
                                  if (observed := row.cells[v][backend].observed) is not None)
                    if len({value for _, value in truth}) > 1:
                        grouped[(row.id, option, truth)].append(backend)
        return [Flip(q, option, truth, tuple(backends)) for (q, option, truth), backends in grouped.items()]

    def verdict_changes(self) -> list[VerdictChange]:
        changes = []
        for row in self.rows:
            for backend in row.question.question.backends:
                statuses = tuple((v, row.cells[v][backend].status) for v in self.versions
                                 if row.cells[v][backend].status != "missing")
                if len({s for _, s in statuses}) > 1:
                    changes.append(VerdictChange(row.id, backend, statuses))
        return changes

    def broken(self) -> list[tuple[Row, str, str, Cell]]:
        return [(row, v, b, cell) for row in self.rows for v in self.versions for b in self.backends
                if (cell := self.cell(row, v, b)) is not None and cell.broken]

    def widenable(self) -> list[tuple[Row, str]]:
        """Versions outside a question's range on which its answer held on every backend that ran."""
        found = []
        for row in self.rows:
            for version in self.versions:
                cells = [row.cells[version][b] for b in row.question.question.backends]
                ran = [c for c in cells if c.status != "missing"]
                if ran and all(c.status == "outside" and c.holds for c in ran):
                    found.append((row, version))
        return found

    def to_json(self, runs: list[dict[str, Any]]) -> dict[str, Any]:
        return {
            "matrix_version": MATRIX_VERSION,
            "generated_at": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
            "python": platform.python_version(),
            "runs": runs,
            "questions": {
                row.id: {
                    "domain": row.question.question.domain,
                    "declared": row.question.question.sqlalchemy,
                    **question_history(self, row, self.known_releases),
                    "cells": {
                        version: {
                            backend: _cell_json(row.cells[version][backend])
                            for backend in row.question.question.backends
                        }
                        for version in self.versions
                    },
                }
                for row in self.rows
            },
            "differences": [
                {"id": f.question, "option": f.option, "backends": list(f.backends), "truth": dict(f.truth)}
                for f in self.flips()
            ],
            "verdict_changes": [
                {"id": c.question, "backend": c.backend, "statuses": dict(c.statuses)} for c in self.verdict_changes()
            ],
        }


def _cell_json(cell: Cell) -> dict[str, Any]:
    return {
        "status": cell.status,
        "in_range": cell.in_range,
        "holds": cell.holds,
        "key": list(cell.key) if cell.key is not None else None,
        "observed": sorted(letter for letter, holds in cell.observed.items() if holds) if cell.observed else None,
        "server_version": cell.server_version,
    }


def build_matrix(questions: list[QuestionFile], records_by_version: dict[str, Path], backends: list[str],
                 known_releases: list[str] | None = None) -> Matrix:
    """The matrix of ``questions`` from each version's records folder (``{version: folder}``)."""
    versions = sorted(records_by_version, key=Version)
    rows = []
    for question_file in sorted(questions, key=lambda qf: (qf.question.domain, qf.question.id)):
        q = question_file.question
        row = Row(question_file)
        for version in versions:
            row.cells[version] = {backend: Cell.from_record(_readable(records_by_version[version], q.domain, q.id, backend))
                                  for backend in q.backends}
        rows.append(row)
    return Matrix(versions, backends, rows, known_releases)


def matrix_from_documents(questions: list[QuestionFile], documents: list[dict[str, Any]], backends: list[str],
                          known_releases: list[str] | None = None) -> Matrix:
    """One matrix from several matrix records (the shards of a sweep): for each question, release and
    backend, the cell of whichever record ran it; a cell that no record ran is missing."""
    versions: set[str] = set()
    for document in documents:
        for entry in (document.get("questions") or {}).values():
            versions |= set((entry.get("cells") or {}) if isinstance(entry, dict) else ())
    ordered = sorted(versions, key=Version)
    rows = []
    for question_file in sorted(questions, key=lambda qf: (qf.question.domain, qf.question.id)):
        q = question_file.question
        letters = list(q.options)
        row = Row(question_file, {v: {b: Cell("missing") for b in q.backends} for v in ordered})
        for document in documents:
            entry = (document.get("questions") or {}).get(q.id)
            if not isinstance(entry, dict):
                continue
            for version, cells in (entry.get("cells") or {}).items():
                for backend, data in (cells or {}).items():
                    cell = Cell.from_json(data, letters)
                    if backend in row.cells[version] and cell.status != "missing":
                        row.cells[version][backend] = cell
        rows.append(row)
    return Matrix(ordered, backends, rows, known_releases)


def _readable(folder: Path, domain: str, question_id: str, backend: str) -> dict[str, Any] | None:
    try:
        return read_record(folder, domain, question_id, backend)
    except RecordUnreadable:
        return None  # shown as not run


def write_matrix(matrix: Matrix, runs: list[dict[str, Any]], path: Path, merge: bool = False) -> None:
    """Write the matrix record; with ``merge``, update only the questions this matrix holds and keep the rest
    of an existing record (a quick check of one question never destroys the bank-wide record)."""
    document = matrix.to_json(runs)
    if merge:
        document = _merged(path, document)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(document, indent=1) + "\n", encoding="utf-8")
    temporary.replace(path)


def _merged(path: Path, new: dict[str, Any]) -> dict[str, Any]:
    try:
        old = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return new
    if not isinstance(old, dict) or old.get("matrix_version") != MATRIX_VERSION:
        return new
    ran = set(new["questions"])
    merged = dict(old)
    merged["generated_at"] = new["generated_at"]
    merged["questions"] = {**old.get("questions", {}), **new["questions"]}
    for key in ("differences", "verdict_changes"):
        merged[key] = [item for item in old.get(key, []) if item.get("id") not in ran] + new[key]
    merged["runs"] = old.get("runs", []) + [{**run, "questions": sorted(ran)} for run in new["runs"]]
    return merged

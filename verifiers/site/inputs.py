"""Read what the learner pages are built from: the bank, the run records and the matrix record.

Nothing here fails on bad input: a question file that does not load, a record
that is not JSON or a matrix record that cannot be read is left out, and the
reason is returned for the command to print.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..harness.bank import QuestionFileError, display_path, iter_question_paths, load_question
from ..harness.vocabulary import Tag, load_vocabulary
from .model import QuestionSource
from .versions import version_sort_key


@dataclass
class Inputs:
    sources: list[QuestionSource] = field(default_factory=list)
    records: list[dict[str, Any]] = field(default_factory=list)
    matrix: dict[str, Any] | None = None
    history: dict[str, Any] = field(default_factory=dict)  # `proofbank bisect`'s findings by question id
    vocabulary: dict[str, Tag] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def read_inputs(root: Path, record_dir: Path, matrix_path: Path | None) -> Inputs:
    """The bank under ``root``, its tag vocabulary, the records in ``record_dir`` and the matrix record."""
    inputs = Inputs()
    inputs.vocabulary = load_vocabulary(root / "bank")
    if not inputs.vocabulary:
        inputs.notes.append("no tag vocabulary (bank/tags.yaml): tags are shown only after an answer is checked")
    for path in iter_question_paths(root / "bank"):
        try:
            qf = load_question(path)
        except QuestionFileError:
            inputs.notes.append(f"left out {display_path(path, root)}: it does not load (run `proofbank lint`)")
            continue
        inputs.sources.append(QuestionSource(qf.question, display_path(qf.proof_path, root),
                                             qf.proof_path.read_text(encoding="utf-8")))
    if record_dir.is_dir():
        inputs.records, unreadable = read_records(record_dir)
        inputs.notes.extend(f"left out record {display_path(p, root)}: not a JSON object" for p in unreadable)
    else:
        inputs.notes.append(f"no run records at {display_path(record_dir, root)}: every question is shown UNVERIFIED. "
                            "Run `proofbank verify` to record runs, then build again")
    if matrix_path is not None and matrix_path.is_file():
        try:
            matrix = json.loads(matrix_path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
            inputs.notes.append(f"ignored the matrix record {display_path(matrix_path, root)}: {error}")
        else:
            if isinstance(matrix, dict) and isinstance(matrix.get("questions"), dict):
                inputs.matrix = matrix
            else:
                inputs.notes.append(f"ignored the matrix record {display_path(matrix_path, root)}: "
                                    "it has no 'questions' mapping")
    if matrix_path is not None:
        from verifiers.harness.matrix.bisect_command import read_history

        inputs.history = read_history(matrix_path.parent / "history.json")
    return inputs


def read_records(record_dir: Path) -> tuple[list[dict[str, Any]], list[Path]]:
    """Every ``<domain>/<id>/<backend>.json`` under ``record_dir``, and the files that are not records."""
    records, unreadable = [], []
    for path in sorted(record_dir.glob("*/*/*.json")):
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError):
            unreadable.append(path)
            continue
        if not isinstance(record, dict):
            unreadable.append(path)
            continue
        # The file's place is what the harness wrote; a record moved by hand does not count elsewhere.
        domain, question_id, backend = path.parent.parent.name, path.parent.name, path.stem
        if (record.get("domain"), record.get("id"), record.get("backend")) == (domain, question_id, backend):
            records.append(record)
    return records, unreadable


def reference_version(records: list[dict[str, Any]], installed: str) -> str:
    """The SQLAlchemy version the pages quiz on: the one most records ran with (the newest on a tie)."""
    counts = Counter(str(r["sqlalchemy_version"]) for r in records if r.get("sqlalchemy_version"))
    if not counts:
        return installed
    return max(counts, key=lambda v: (counts[v], version_sort_key(v)))

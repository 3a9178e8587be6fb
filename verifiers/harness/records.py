"""Write what each question observed on each backend as JSON, for reports and learner pages.

One file per question and backend, ``<dir>/<domain>/<id>/<backend>.json``, so
parallel workers never write the same file.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
from pathlib import Path
from typing import Any

from .backends.naming import neutral_names
from .jsonvalue import json_safe
from .runner import Outcome

RECORD_VERSION = 3
MAX_STATEMENTS = 2_000  # statements kept in a record: the first and the last half of this many
MAX_TEXT = 20_000  # characters kept of one statement, one fact's or parameter set's JSON, or the problem


def _capped_text(text: str | None) -> str | None:
    if text is None or len(text) <= MAX_TEXT:
        return text
    return text[:MAX_TEXT] + f" … [cut: {len(text) - MAX_TEXT} more characters]"


def _capped_value(value: Any) -> Any:
    """A JSON value whose text is at most MAX_TEXT characters; a larger one becomes a note saying so."""
    size = len(json.dumps(value, default=str))
    if size <= MAX_TEXT:
        return value
    return f"[cut: a value of {size} characters] " + json.dumps(value, default=str)[:MAX_TEXT // 10]


def _neutral(value: Any) -> Any:
    """The record with the harness's generated names replaced, so no learner reads them."""
    if isinstance(value, str):
        return neutral_names(value)
    if isinstance(value, dict):
        return {k: _neutral(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_neutral(v) for v in value]
    return value


def made_from(question_path: Path, proof_path: Path) -> dict[str, str]:
    """Digests of the question file and proof a record was made from: a record is current exactly when they
    still match (a changed option text or proof line makes it stale, whatever the letters say)."""
    def digest(path: Path) -> str:
        try:
            return hashlib.sha256(path.read_bytes()).hexdigest()[:16]
        except OSError:
            return ""

    return {"question": digest(question_path), "proof": digest(proof_path)}


def record_of(outcome: Outcome) -> dict[str, Any]:
    """The run record of one outcome: plain JSON, with no harness-generated names in it."""
    q = outcome.question.question
    return _neutral({
        "record_version": RECORD_VERSION,
        "id": q.id,
        "made_from": made_from(outcome.question.path, outcome.question.proof_path),
        "domain": q.domain,
        "backend": outcome.backend,
        "status": outcome.status,
        "declared": q.sqlalchemy,
        "in_range": outcome.in_range,
        "key": sorted(outcome.compared_with.key) if outcome.compared_with else None,
        "key_range": outcome.compared_with.spec if outcome.compared_with else None,
        "holds": outcome.holds,
        "options": (
            {row.letter: {"claimed": row.claimed, "observed": row.observed} for row in outcome.verdict.rows}
            if outcome.verdict
            else None
        ),
        "problem": _capped_text(outcome.problem),
        "facts": [{"label": f.label, "value": _capped_value(json_safe(f.value)), "line": f.line} for f in outcome.facts],
        "claims": [
            {"says": row.claim.says, "where": row.where, "fact": row.claim.fact, "expect": json_safe(row.claim.expect),
             "observed": list(row.observed), "holds": row.holds, "line": row.line}
            for row in (outcome.verdict.claims if outcome.verdict else ())
        ],
        "sql": [
            {
                "seq": s.seq,
                "connection": s.connection,
                "kind": s.kind,
                "statement": _capped_text(s.sql),
                "parameters": _capped_value(json_safe(s.parameters)),
                "executemany": s.executemany,
                "line": s.line,
                "phase": s.phase,
            }
            for s in _kept(outcome.statements)
        ],
        "statements_cut": max(0, len(outcome.statements) - MAX_STATEMENTS) + outcome.statements_not_kept,
        "sqlalchemy_version": outcome.sqlalchemy_version,
        "server_version": outcome.server_version,
        "python_version": outcome.python_version,
        "duration_seconds": round(outcome.duration, 4),
        "proof_seconds": round(outcome.proof_seconds, 4),
        "recorded_at": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
    })


def _kept(statements: list) -> list:
    """At most MAX_STATEMENTS statements: the first and the last half (what ``statements_cut`` counts is between)."""
    if len(statements) <= MAX_STATEMENTS:
        return statements
    half = MAX_STATEMENTS // 2
    return statements[:half] + statements[-half:]


def write_record(outcome: Outcome, directory: Path) -> Path:
    """Write the record atomically (a reader never sees half a file); returns its path."""
    q = outcome.question.question
    path = directory / q.domain / q.id / f"{outcome.backend}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(f".tmp{os.getpid()}")
    temporary.write_text(json.dumps(record_of(outcome), indent=1, sort_keys=False) + "\n", encoding="utf-8")
    temporary.replace(path)
    return path


class RecordUnreadable(ValueError):
    """A record file that cannot be used: not JSON, cut short, or of another record version. Says which and why."""


def read_record(directory: Path, domain: str, question_id: str, backend: str) -> dict[str, Any] | None:
    """The record of that question on that backend, or None when there is none; :class:`RecordUnreadable` when
    the file is there but cannot be used (readers say so, and treat the question as not run there)."""
    path = directory / domain / question_id / f"{backend}.json"
    if not path.is_file():
        return None
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, UnicodeDecodeError) as error:
        raise RecordUnreadable(f"cannot read {path}: {error}") from None
    if not isinstance(record, dict):
        raise RecordUnreadable(f"cannot read {path}: not a JSON object")
    if record.get("record_version") != RECORD_VERSION:
        raise RecordUnreadable(f"{path} was written in record format {record.get('record_version')!r}; this "
                               f"Proofbank reads format {RECORD_VERSION}: run `proofbank verify` again")
    return record

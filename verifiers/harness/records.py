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
        "problem": outcome.problem,
        "facts": [{"label": f.label, "value": json_safe(f.value), "line": f.line} for f in outcome.facts],
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
                "statement": s.sql,
                "parameters": json_safe(s.parameters),
                "executemany": s.executemany,
                "line": s.line,
                "phase": s.phase,
            }
            for s in outcome.statements
        ],
        "sqlalchemy_version": outcome.sqlalchemy_version,
        "server_version": outcome.server_version,
        "python_version": outcome.python_version,
        "duration_seconds": round(outcome.duration, 4),
        "proof_seconds": round(outcome.proof_seconds, 4),
        "recorded_at": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
    })


def write_record(outcome: Outcome, directory: Path) -> Path:
    """Write the record atomically (a reader never sees half a file); returns its path."""
    q = outcome.question.question
    path = directory / q.domain / q.id / f"{outcome.backend}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(f".tmp{os.getpid()}")
    temporary.write_text(json.dumps(record_of(outcome), indent=1, sort_keys=False) + "\n", encoding="utf-8")
    temporary.replace(path)
    return path


def read_record(directory: Path, domain: str, question_id: str, backend: str) -> dict[str, Any] | None:
    path = directory / domain / question_id / f"{backend}.json"
    if not path.is_file():
        return None
    return json.loads(path.read_text(encoding="utf-8"))

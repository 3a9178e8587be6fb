"""Past exams, kept as one JSON file and never silently lost.

The file is ``$PROOFBANK_HOME/quiz-history.json`` when ``PROOFBANK_HOME`` is
set, else ``~/.local/share/proofbank/quiz-history.json``. Every write goes to
a temporary file in the same folder that then replaces the old one, so a crash
leaves either the old history or the new one. A file that cannot be read as a
history is renamed aside (never overwritten) and the caller is told where.
"""

from __future__ import annotations

import datetime
import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .exam import Answer, DomainScore, Exam

HISTORY_VERSION = 1
FILE_NAME = "quiz-history.json"


def history_path(environ: dict[str, str] | None = None) -> Path:
    """Where the history lives, from ``PROOFBANK_HOME`` or the user's data folder."""
    environ = os.environ if environ is None else environ
    home = environ.get("PROOFBANK_HOME")
    if home:
        return Path(home).expanduser() / FILE_NAME
    return Path.home() / ".local" / "share" / "proofbank" / FILE_NAME


@dataclass
class History:
    """The past exams read from ``path``, and what happened to a file that could not be read."""

    path: Path
    exams: list[dict[str, Any]] = field(default_factory=list)
    notice: str | None = None  # set when a corrupt file was moved aside


class HistoryError(Exception):
    """The history file cannot be read or written; the message names the file."""


def load_history(path: Path) -> History:
    """Read the history; a missing file is an empty history, a corrupt one is moved aside."""
    if not path.exists():
        return History(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise HistoryError(f"cannot read the quiz history {path}: {error}") from None
    try:
        data = json.loads(text)
        problem = _shape_problem(data)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        problem = f"it is not valid JSON ({error})"
    if problem is None:
        return History(path, list(data["exams"]))
    aside = _move_aside(path)
    return History(path, [], notice=f"the quiz history {path} could not be read: {problem}. "
                                    f"It was moved to {aside} and a new history is started.")


def _shape_problem(data: Any) -> str | None:
    if not isinstance(data, dict) or not isinstance(data.get("exams"), list):
        return 'it is not an object with an "exams" list'
    if data.get("history_version") != HISTORY_VERSION:
        return f"its history_version is {data.get('history_version')!r}, expected {HISTORY_VERSION}"
    for number, entry in enumerate(data["exams"], 1):
        scores = entry.get("scores") if isinstance(entry, dict) else None
        if not isinstance(scores, dict) or not all(
            isinstance(s, dict) and all(isinstance(s.get(k), int) for k in ("asked", "answered", "correct"))
            for s in scores.values()
        ):
            return f'exam {number} has no "scores" of the form {{domain: {{asked, answered, correct}}}}'
    return None


def _move_aside(path: Path) -> Path:
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    aside = path.with_name(f"{path.name}.corrupt-{stamp}")
    number = 1
    while aside.exists():
        number += 1
        aside = path.with_name(f"{path.name}.corrupt-{stamp}-{number}")
    try:
        path.rename(aside)
    except OSError as error:
        raise HistoryError(f"the quiz history {path} is corrupt and could not be moved aside: {error}") from None
    return aside


def write_history(history: History) -> None:
    """Write every exam atomically: readers see the old file or the new one, never half of one."""
    path = history.path
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(descriptor, "w", encoding="utf-8") as out:
                json.dump({"history_version": HISTORY_VERSION, "exams": history.exams}, out, indent=1)
                out.write("\n")
                out.flush()
                os.fsync(out.fileno())
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError as error:
        raise HistoryError(f"cannot write the quiz history {path}: {error}") from None


def append_exam(path: Path, entry: dict[str, Any]) -> History:
    """Add one exam to the history at ``path`` and write it; the result's notice says if a corrupt file was moved."""
    history = load_history(path)
    history.exams.append(entry)
    write_history(history)
    return history


def exam_entry(exam: Exam, *, seed: int | None, domains: list[str], attempt: int,
               finished_at: datetime.datetime | None = None) -> dict[str, Any]:
    """The JSON kept for one exam: when, which questions, each answer, and the score per domain."""
    finished_at = finished_at or datetime.datetime.now(datetime.timezone.utc)
    return {
        "finished_at": finished_at.isoformat(timespec="seconds"),
        "sqlalchemy_version": exam.sqlalchemy_version,
        "domains": domains,
        "seed": seed,
        "attempt": attempt,
        "time_limit_minutes": None if exam.time_limit is None else exam.time_limit / 60,
        "ended_by": exam.ended_by,
        "answers": [_answer_entry(a) for a in exam.results],
        "scores": {s.domain: _score_entry(s) for s in exam.scores()},
    }


def _answer_entry(answer: Answer) -> dict[str, Any]:
    return {
        "id": answer.question.id,
        "domain": answer.question.domain,
        "given": None if answer.given is None else sorted(answer.given),
        "key": sorted(answer.key),
        "late": answer.late,
        "correct": answer.correct,
    }


def _score_entry(score: DomainScore) -> dict[str, int]:
    return {"asked": score.asked, "answered": score.answered, "correct": score.correct}


def scores_of(entry: dict[str, Any]) -> list[DomainScore]:
    """The per-domain scores stored in a history entry."""
    return [DomainScore(domain, s["asked"], s["answered"], s["correct"]) for domain, s in entry["scores"].items()]

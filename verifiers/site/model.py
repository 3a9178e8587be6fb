"""The learner pages' model: questions, run records and the matrix record in, page objects out.

Pure: no files, no clock, no formatting. Everything is sorted, so the same
input always gives the same pages. A backend counts as verified only when its
latest record passed for the key the question claims today; a question is
VERIFIED only when every backend it is about is.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from ..harness.matrix.history import change_notes, holds_note
from ..harness.schema import SELECT_ALL, Question
from ..proofview import ProofView, build_proof_view
from ..proofview.sqltext import scrub
from ..proofview.view import value_text
from .versions import RangeKey, key_for, nearest_range, range_keys, version_sort_key

Record = Mapping[str, Any]


class TagInfo(Protocol):
    """What the pages need of a vocabulary tag (``verifiers.harness.vocabulary.Tag``)."""

    name: str
    about: str
    topic: bool

# What each status means to a learner; only "passed" is verification.
STATUS_NOTES = {
    "passed": "the proof observed exactly the key",
    "failed": "the proof observed options that differ from the key",
    "error": "the proof could not decide (it raised, timed out, leaked a connection or warned)",
    "outside": "the SQLAlchemy that ran is outside the versions the question makes claims for",
    "missing": "no record: this backend has not run, or was skipped",
    "stale": "the record was made for another version of the question; run it again",
}


@dataclass(frozen=True)
class QuestionSource:
    """One question as read from the bank, with its proof's text."""

    question: Question
    proof_path: str
    proof_source: str


@dataclass(frozen=True)
class Fact:
    label: str
    value: str


@dataclass(frozen=True)
class BackendRun:
    """What the latest run on one backend says about one question."""

    backend: str
    status: str
    note: str
    sqlalchemy_version: str = ""
    server_version: str = ""
    python_version: str = ""
    recorded_at: str = ""
    duration_seconds: float | None = None
    observed: tuple[tuple[str, bool | None], ...] = ()
    facts: tuple[Fact, ...] = ()
    kind_counts: tuple[tuple[str, int], ...] = ()  # statements per kind, most frequent first, then by name
    problem: str | None = None

    @property
    def verified(self) -> bool:
        return self.status == "passed"

    @property
    def has_record(self) -> bool:
        return self.status != "missing"

    def observed_for(self, letter: str) -> bool | None:
        return dict(self.observed).get(letter)


@dataclass(frozen=True)
class Badge:
    """Whether a question is verified, and with what."""

    verified: bool
    label: str
    summary: str
    backends: tuple[str, ...]
    sqlalchemy_versions: tuple[str, ...]
    server_versions: tuple[str, ...]
    python_versions: tuple[str, ...]
    recorded: tuple[str, ...]  # earliest and latest recorded_at of the runs shown


@dataclass(frozen=True)
class MatrixCell:
    backend: str
    status: str
    holds: bool | None
    observed: tuple[str, ...] | None


@dataclass(frozen=True)
class MatrixRow:
    sqlalchemy: str
    cells: tuple[MatrixCell, ...]
    verified: bool


@dataclass(frozen=True)
class MatrixDifference:
    """An option whose observed truth changed between SQLAlchemy versions, on these backends."""

    backends: tuple[str, ...]
    option: str
    truth: tuple[tuple[str, bool], ...]


@dataclass(frozen=True)
class MatrixView:
    rows: tuple[MatrixRow, ...]
    differences: tuple[MatrixDifference, ...]

    @property
    def verified_versions(self) -> tuple[str, ...]:
        return tuple(row.sqlalchemy for row in self.rows if row.verified)


@dataclass(frozen=True)
class Option:
    letter: str
    text: str
    why: str
    in_key: bool
    observed: tuple[tuple[str, bool | None], ...]  # per backend with a record


@dataclass(frozen=True)
class QuestionPage:
    id: str  # descriptive, often states the answer: shown only after checking
    slug: str  # the neutral page name, used in every link
    title: str
    domain: str
    level: str
    tags: tuple[str, ...]
    topic_tags: tuple[str, ...]  # name a subject only: may be shown before the answer
    stem: str
    select_all: bool
    options: tuple[Option, ...]
    key: tuple[str, ...]
    key_version: str
    key_note: str
    range_keys: tuple[RangeKey, ...]
    declared: str
    explanation: str
    references: tuple[str, ...]
    backends: tuple[str, ...]
    runs: tuple[BackendRun, ...]
    badge: Badge
    matrix: MatrixView | None
    proof_path: str
    proof_source: str
    proof: ProofView
    holds_note: str | None = None  # "Holds on SQLAlchemy 2.0.30–2.1.9", from the matrix record
    change_notes: tuple[str, ...] = ()  # where it changed (names options: shown after checking)

    @property
    def has_version_keys(self) -> bool:
        return len(self.range_keys) > 1

    @property
    def url(self) -> str:
        """The page's path in the site: neutral, so a link never gives the answer away."""
        return f"q/{self.slug}.html"

    @property
    def answer_tags(self) -> tuple[str, ...]:
        """Tags that may hint at the answer: shown only after checking."""
        return tuple(t for t in self.tags if t not in self.topic_tags)

    @property
    def teaser(self) -> str:
        """The stem's opening prose (before any code), in at most about 200 characters."""
        return stem_teaser(self.stem)


def page_slug(domain: str, question_id: str) -> str:
    """The neutral page name of a question: its domain and 8 hex digits of a hash of ``domain/id``."""
    return f"{domain}-{hashlib.sha256(f'{domain}/{question_id}'.encode()).hexdigest()[:8]}"


def title_of(question: Question, limit: int = 90) -> str:
    """The question's ``title``; while titles are not yet required, the first sentence of the stem's prose
    (code left out), cut to ``limit`` characters, or "A mid-level core question" when it has none."""
    if question.title:
        return question.title
    prose = " ".join(re.sub(r"```.*?(```|$)", " ", question.question, flags=re.S).replace("`", "").split())
    match = re.match(r"(.+?[.?!:])(\s|$)", prose)
    sentence = (match.group(1) if match else prose).rstrip(":").strip()
    if not sentence:
        return f"A {question.level}-level {question.domain} question"
    if len(sentence) > limit:
        sentence = sentence[: sentence.rfind(" ", 0, limit - 1)].rstrip(",;:") + " …"
    return sentence


def stem_teaser(stem: str, limit: int = 200) -> str:
    prose = stem.split("```", 1)[0]
    text = " ".join(prose.replace("`", "").split()).rstrip(":")
    if len(text) <= limit:
        return text
    cut = text[:limit]
    sentence_end = max(cut.rfind(". "), cut.rfind("? "))
    if sentence_end > limit // 2:
        return cut[: sentence_end + 1]
    return cut[: cut.rfind(" ")].rstrip(",;:") + " …"


@dataclass(frozen=True)
class MatrixRun:
    sqlalchemy: str
    requested: str
    python: str
    exit_code: int | None


@dataclass(frozen=True)
class Site:
    pages: tuple[QuestionPage, ...]
    reference_version: str
    matrix_runs: tuple[MatrixRun, ...]
    matrix_generated_at: str

    @property
    def domains(self) -> tuple[str, ...]:
        return tuple(sorted({p.domain for p in self.pages}))

    @property
    def tags(self) -> tuple[str, ...]:
        """The topic tags of the bank: the ones the question list may filter by before any answer."""
        return tuple(sorted({t for p in self.pages for t in p.topic_tags}))

    @property
    def levels(self) -> tuple[str, ...]:
        return tuple(sorted({p.level for p in self.pages}))

    @property
    def verified_count(self) -> int:
        return sum(p.badge.verified for p in self.pages)


def build_site(sources: Iterable[QuestionSource], records: Iterable[Record], matrix: Mapping[str, Any] | None,
               reference_version: str, vocabulary: Mapping[str, TagInfo] | None = None,
               history: Mapping[str, Any] | None = None) -> Site:
    """The pages for ``sources``; records and matrix entries of questions not in ``sources`` are ignored.

    ``reference_version`` is the SQLAlchemy version whose key the pages quiz on.
    ``vocabulary`` says which tags are topics (shown before the answer); without
    it every tag is treated as a possible hint and shown only after checking.
    """
    by_question: dict[tuple[str, str, str], Record] = {}
    for record in records:
        try:
            by_question[(str(record["domain"]), str(record["id"]), str(record["backend"]))] = record
        except (KeyError, TypeError):
            continue  # not a run record
    matrix_questions = (matrix or {}).get("questions") or {}
    differences = [d for d in (matrix or {}).get("differences") or [] if isinstance(d, Mapping)]
    pages = []
    for source in sorted(sources, key=lambda s: (s.question.domain, s.question.id)):
        q = source.question
        runs = tuple(_backend_run(q, backend, by_question.get((q.domain, q.id, backend))) for backend in q.backends)
        matrix_view = None
        if matrix is not None:
            entry = matrix_questions.get(q.id)
            matrix_view = _matrix_view(q, entry if isinstance(entry, Mapping) else {},
                                       [d for d in differences if d.get("id") == q.id])
        found = {b: r for b in q.backends if (r := by_question.get((q.domain, q.id, b))) is not None}
        proof = build_proof_view(source.proof_path, source.proof_source, found, q.backends)
        entry = matrix_questions.get(q.id) if isinstance(matrix_questions.get(q.id), Mapping) else None
        bisected = (history or {}).get(q.id)
        page = _page(source, runs, matrix_view, reference_version, proof, vocabulary or {})
        pages.append(dataclasses.replace(page, holds_note=holds_note(entry),
                                         change_notes=tuple(change_notes(entry, bisected))))
    slugs = Counter(p.slug for p in pages)
    if any(n > 1 for n in slugs.values()):
        raise ValueError(f"two questions share a page name: {sorted(s for s, n in slugs.items() if n > 1)}")
    return Site(pages=tuple(pages), reference_version=reference_version,
                matrix_runs=_matrix_runs(matrix), matrix_generated_at=str((matrix or {}).get("generated_at") or ""))


def _page(source: QuestionSource, runs: tuple[BackendRun, ...], matrix: MatrixView | None,
          reference_version: str, proof: ProofView, vocabulary: Mapping[str, TagInfo]) -> QuestionPage:
    q = source.question
    ranges = range_keys(q)
    key = key_for(q, reference_version)
    if key is not None:
        key_version, key_note = reference_version, ""
    else:
        nearest = nearest_range(q, reference_version)
        key, key_version = nearest.letters, nearest.spec
        key_note = (f"SQLAlchemy {reference_version} is outside this question's range ({q.sqlalchemy}); "
                    f"the key shown is the one for {nearest.spec}.")
    with_record = [r for r in runs if r.has_record and r.observed]
    options = tuple(
        Option(letter=letter, text=text, why=q.why[letter], in_key=letter in key,
               observed=tuple((r.backend, r.observed_for(letter)) for r in with_record))
        for letter, text in q.options.items()
    )
    return QuestionPage(
        id=q.id, slug=page_slug(q.domain, q.id), title=title_of(q), domain=q.domain, level=q.level,
        tags=tuple(q.tags), topic_tags=tuple(t for t in q.tags if t in vocabulary and vocabulary[t].topic),
        stem=q.question,
        select_all=SELECT_ALL in q.question.lower(), options=options, key=tuple(sorted(key)),
        key_version=key_version, key_note=key_note, range_keys=ranges, declared=q.sqlalchemy,
        explanation=q.explanation, references=tuple(q.references), backends=tuple(q.backends), runs=runs,
        badge=badge_for(runs), matrix=matrix, proof_path=source.proof_path, proof_source=source.proof_source,
        proof=proof,
    )


def _backend_run(question: Question, backend: str, record: Record | None) -> BackendRun:
    if record is None:
        return BackendRun(backend=backend, status="missing", note=STATUS_NOTES["missing"])
    status = str(record.get("status"))
    version = str(record.get("sqlalchemy_version") or "")
    claimed_now = key_for(question, version)
    stale_because = _stale_because(question, record, claimed_now)
    if status == "passed" and claimed_now is None:
        status = "outside"
    elif stale_because:
        status = "stale"
    note = stale_because if status == "stale" else STATUS_NOTES.get(status, f"unknown status {status!r}")
    if status == "outside" and isinstance(record.get("holds"), bool):
        note += (": the options it observed to hold " + ("are" if record["holds"] else "are not")
                 + " one of the keys the question declares")
    if status not in STATUS_NOTES:
        status = "error"
    options = record.get("options") or {}
    observed = tuple(
        (letter, _bool_or_none(options.get(letter, {}).get("observed")) if isinstance(options.get(letter), Mapping) else None)
        for letter in question.options
    ) if isinstance(options, Mapping) and options else ()
    return BackendRun(
        backend=backend, status=status, note=note, sqlalchemy_version=version,
        server_version=str(record.get("server_version") or ""), python_version=str(record.get("python_version") or ""),
        recorded_at=str(record.get("recorded_at") or ""),
        duration_seconds=record.get("duration_seconds") if isinstance(record.get("duration_seconds"), (int, float)) else None,
        observed=observed,
        facts=tuple(Fact(scrub(str(f.get("label", ""))), scrub(value_text(f.get("value"))))
                    for f in record.get("facts") or [] if isinstance(f, Mapping)),
        kind_counts=_kind_counts(record),
        problem=scrub(record["problem"]) if isinstance(record.get("problem"), str) else None,
    )


def _stale_because(question: Question, record: Record, claimed_now: tuple[str, ...] | None) -> str:
    """Why the record no longer describes the question as it is now, or "" when it does."""
    options = record.get("options")
    if isinstance(options, Mapping) and options and sorted(options) != sorted(question.options):
        return (f"the record has options {', '.join(sorted(options))} but the question now has "
                f"{', '.join(question.options)}; run it again")
    declared = record.get("declared")
    if isinstance(declared, str) and declared != question.sqlalchemy:
        return f"the record was made when the question declared {declared}, now {question.sqlalchemy}; run it again"
    recorded_key = record.get("key")
    if claimed_now is not None and isinstance(recorded_key, list) and sorted(recorded_key) != list(claimed_now):
        return (f"the record checked the key {', '.join(sorted(recorded_key)) or '(none)'} but the question now "
                f"claims {', '.join(claimed_now)}; run it again")
    return ""


def badge_for(runs: tuple[BackendRun, ...]) -> Badge:
    """VERIFIED only when every backend's latest run passed; the versions and dates of those runs."""
    verified = bool(runs) and all(r.verified for r in runs)
    passed = [r for r in runs if r.verified]
    dates = sorted(r.recorded_at for r in passed if r.recorded_at)
    if verified:
        summary = "Verified on " + ", ".join(r.backend for r in passed)
    else:
        problems = [f"{r.backend}: {r.status}" for r in runs if not r.verified]
        summary = "Not verified: " + "; ".join(problems)
        if passed:
            summary += ". Passed on " + ", ".join(r.backend for r in passed) + " only"
    return Badge(
        verified=verified, label="VERIFIED" if verified else "UNVERIFIED", summary=summary,
        backends=tuple(r.backend for r in passed),
        sqlalchemy_versions=_distinct(r.sqlalchemy_version for r in passed),
        server_versions=tuple(r.server_version for r in passed if r.server_version),
        python_versions=_distinct(r.python_version for r in passed),
        recorded=(dates[0], dates[-1]) if dates else (),
    )


def _matrix_view(question: Question, entry: Mapping[str, Any], differences: list[Mapping[str, Any]]) -> MatrixView:
    cells = entry.get("cells") if isinstance(entry.get("cells"), Mapping) else {}
    rows = []
    for version in sorted(cells, key=version_sort_key):
        per_backend = cells[version] if isinstance(cells[version], Mapping) else {}
        row_cells = []
        for backend in question.backends:
            cell = per_backend.get(backend)
            if not isinstance(cell, Mapping):
                row_cells.append(MatrixCell(backend, "missing", None, None))
                continue
            observed = cell.get("observed")
            row_cells.append(MatrixCell(backend, str(cell.get("status")), _bool_or_none(cell.get("holds")),
                                        tuple(sorted(observed)) if isinstance(observed, list) else None))
        verified = bool(row_cells) and all(c.status == "passed" and c.holds is not False for c in row_cells)
        rows.append(MatrixRow(version, tuple(row_cells), verified))
    diffs = []
    for d in differences:
        truth = d.get("truth") if isinstance(d.get("truth"), Mapping) else {}
        named = d.get("backends") if isinstance(d.get("backends"), list) else [d.get("backend")]
        diffs.append(MatrixDifference(tuple(sorted(str(b) for b in named if b)), str(d.get("option")),
                                      tuple((v, bool(truth[v])) for v in sorted(truth, key=version_sort_key))))
    diffs.sort(key=lambda d: (d.option, d.backends))
    return MatrixView(rows=tuple(rows), differences=tuple(diffs))


def _matrix_runs(matrix: Mapping[str, Any] | None) -> tuple[MatrixRun, ...]:
    runs = [r for r in (matrix or {}).get("runs") or [] if isinstance(r, Mapping)]
    return tuple(
        MatrixRun(str(r.get("sqlalchemy", "")), str(r.get("requested", "")),
                  str(r.get("python") or (matrix or {}).get("python") or ""),
                  r.get("exit_code") if isinstance(r.get("exit_code"), int) else None)
        for r in sorted(runs, key=lambda r: version_sort_key(str(r.get("sqlalchemy", ""))))
    )


def _kind_counts(record: Record) -> tuple[tuple[str, int], ...]:
    counts = Counter(str(s.get("kind", "")) for s in record.get("sql") or [] if isinstance(s, Mapping))
    return tuple(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def _bool_or_none(value: Any) -> bool | None:
    return value if isinstance(value, bool) else None


def _distinct(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted({v for v in values if v}, key=version_sort_key))

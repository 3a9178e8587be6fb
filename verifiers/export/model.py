"""One plain :class:`ExportQuestion` per question, built once from its file and its run records.

Every format writer reads only this model, so what "proved" means, which key
is published and how the proof line reads are decided here, for all formats.
A question is proved for a SQLAlchemy version when every backend it is about
has a current record (made from the question file and proof as they are now)
that passed, for a SQLAlchemy in the range whose key is published.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from packaging.specifiers import SpecifierSet

from ..harness.bank import QuestionFile
from ..harness.records import RecordUnreadable, made_from, read_record
from ..harness.schema import SELECT_ALL
from ..site.model import page_slug, title_of


@dataclass(frozen=True)
class ExportOption:
    letter: str
    text: str  # Markdown
    why: str  # Markdown
    correct: bool


@dataclass(frozen=True)
class BackendProof:
    """The latest passing run on one backend."""

    backend: str
    sqlalchemy_version: str
    server_version: str
    recorded_at: str


@dataclass(frozen=True)
class ExportQuestion:
    """A question as every format publishes it: the key of one SQLAlchemy version, and whether it is proved."""

    id: str
    domain: str
    level: str
    title: str
    tags: tuple[str, ...]
    stem: str  # Markdown
    options: tuple[ExportOption, ...]
    multiple: bool  # "select all that apply": several options may be right
    explanation: str  # Markdown
    references: tuple[str, ...]
    sqlalchemy: str  # the version whose key is published
    key_range: str  # the declared range holding it
    proofs: tuple[BackendProof, ...]  # one per backend, when proved
    unproved: tuple[str, ...]  # why not, one reason per backend; empty when proved
    page_url: str | None

    @property
    def proved(self) -> bool:
        return not self.unproved

    @property
    def key(self) -> tuple[str, ...]:
        return tuple(o.letter for o in self.options if o.correct)

    @property
    def proof_sentence(self) -> str:
        """One sentence saying how the answer was proved (or why it was not)."""
        if self.proved:
            backends = ", ".join(f"{p.backend} ({p.server_version})" if p.server_version else p.backend
                                 for p in self.proofs)
            versions = ", ".join(sorted({p.sqlalchemy_version for p in self.proofs}))
            dates = sorted(p.recorded_at[:10] for p in self.proofs if p.recorded_at)
            when = f", latest run {dates[-1]}" if dates else ""
            line = f"Answer proved on {backends} with SQLAlchemy {versions}{when}."
        else:
            line = f"Answer NOT proved for SQLAlchemy {self.sqlalchemy}: {'; '.join(self.unproved)}."
        return line

    @property
    def proved_line(self) -> str:
        """:attr:`proof_sentence`, followed by the address of the question's page when there is a site."""
        return self.proof_sentence + (f" Proof and SQL: {self.page_url}" if self.page_url else "")


class NoKeyForVersion(ValueError):
    """The question makes no claim for the chosen SQLAlchemy version, so it has no key to publish."""


def page_url(site_url: str | None, domain: str, question_id: str) -> str | None:
    """The address of the question's learner page under ``site_url``, or None without a site."""
    if not site_url:
        return None
    return f"{site_url.rstrip('/')}/q/{page_slug(domain, question_id)}.html"


def export_question(qf: QuestionFile, record_dir: Path, sqlalchemy_version: str,
                    site_url: str | None = None) -> ExportQuestion:
    """The question of ``qf`` with the key for ``sqlalchemy_version`` and what its records prove.

    Raises :class:`NoKeyForVersion` when the question's ranges do not hold that version."""
    q = qf.question
    claimed = q.range_for(sqlalchemy_version)
    if claimed is None:
        raise NoKeyForVersion(f"{q.domain}/{q.id} makes no claim for SQLAlchemy {sqlalchemy_version} "
                              f"(it declares {q.sqlalchemy})")
    proofs, unproved = _proofs(qf, record_dir, claimed.spec, sorted(claimed.key))
    return ExportQuestion(
        id=q.id, domain=q.domain, level=q.level, title=title_of(q), tags=tuple(q.tags), stem=q.question,
        options=tuple(ExportOption(letter, text, q.why[letter], letter in claimed.key)
                      for letter, text in q.options.items()),
        multiple=SELECT_ALL in q.question.lower(), explanation=q.explanation, references=tuple(q.references),
        sqlalchemy=sqlalchemy_version, key_range=claimed.spec, proofs=tuple(proofs), unproved=tuple(unproved),
        page_url=page_url(site_url, q.domain, q.id),
    )


def _proofs(qf: QuestionFile, record_dir: Path, spec: str, key: Sequence[str]) -> tuple[list[BackendProof], list[str]]:
    q = qf.question
    current = made_from(qf.path, qf.proof_path)
    proofs, unproved = [], []
    for backend in q.backends:
        try:
            record = read_record(record_dir, q.domain, q.id, backend)
        except RecordUnreadable:  # its message names a local path, which has no place in a published file
            unproved.append(f"{backend}: the run record cannot be read (another record format, or a broken file)")
            continue
        if record is None:
            unproved.append(f"{backend}: no run record")
            continue
        version = str(record.get("sqlalchemy_version") or "")
        if record.get("status") != "passed":
            unproved.append(f"{backend}: the latest run {record.get('status')}")
        elif not version or not SpecifierSet(spec).contains(version, prereleases=True):
            unproved.append(f"{backend}: the latest run was on SQLAlchemy {version or '?'}, outside {spec}")
        elif record.get("made_from") != current:
            unproved.append(f"{backend}: the latest run was made from an older question file or proof")
        elif sorted(record.get("key") or []) != list(key):
            unproved.append(f"{backend}: the latest run checked another key")
        else:
            proofs.append(BackendProof(backend, version, str(record.get("server_version") or ""),
                                       str(record.get("recorded_at") or "")))
    return proofs, unproved

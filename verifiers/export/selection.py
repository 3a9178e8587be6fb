"""Which questions to export: the same selections as ``proofbank verify`` (domains, ``-k``, ids)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from _pytest.mark.expression import Expression  # pytest's own -k language, so -k means the same

from ..harness.bank import QuestionFile, QuestionFileError, display_path, iter_question_paths, load_question


class SelectionError(ValueError):
    """A selection that names no question, or a -k expression that does not parse."""


@dataclass
class Selection:
    questions: list[QuestionFile] = field(default_factory=list)
    broken: list[str] = field(default_factory=list)  # files that do not load, with where they are


def keywords_of(qf: QuestionFile) -> set[str]:
    """What ``-k`` matches against: the id, the domain, the level and the tags (as in verify, less the backend)."""
    q = qf.question
    return {q.id, q.domain, q.level, *q.tags}


def select(root: Path, domains: Sequence[str], keyword: str | None, ids: Sequence[str]) -> Selection:
    """The question files under ``root/bank`` that the selection names, in domain and id order."""
    try:
        expression = Expression.compile(keyword) if keyword else None
    except SyntaxError as error:
        raise SelectionError(f"-k {keyword!r} is not a keyword expression: {error}") from None
    paths = [p for d in (domains or [None]) for p in iter_question_paths(root / "bank" / d if d else root / "bank")]
    if ids:
        by_id = {p.stem: p for p in paths}
        unknown = [i for i in ids if i not in by_id]
        if unknown:
            raise SelectionError(f"no question with id {', '.join(unknown)} under {root / 'bank'}"
                                 + (f" in {', '.join(domains)}" if domains else ""))
        paths = [by_id[i] for i in dict.fromkeys(ids)]
    selection = Selection()
    for path in paths:
        try:
            qf = load_question(path)
        except QuestionFileError:
            selection.broken.append(display_path(path, root))
            continue
        if expression is not None:
            words = {w.lower() for w in keywords_of(qf)}
            if not expression.evaluate(lambda name, **_: any(name.lower() in w for w in words)):
                continue
        selection.questions.append(qf)
    selection.questions.sort(key=lambda qf: (qf.question.domain, qf.question.id))
    return selection

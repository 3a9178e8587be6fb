"""The questions an exam can draw from: the bank's files in the chosen domains, with a key for this SQLAlchemy."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from verifiers.harness.bank import QuestionFile, QuestionFileError, iter_question_paths, load_question


@dataclass(frozen=True)
class Pool:
    questions: tuple[QuestionFile, ...]
    outside: tuple[QuestionFile, ...]  # no key claimed for the installed SQLAlchemy


def load_pool(bank: Path, domains: Sequence[str], sqlalchemy_version: str) -> Pool:
    """Read every question file of ``domains`` under ``bank``.

    Raises :class:`QuestionFileError` with the problems of every file that
    cannot be read, so one run shows them all, as ``proofbank lint`` does.
    """
    problems = []
    usable: list[QuestionFile] = []
    outside: list[QuestionFile] = []
    for domain in domains:
        for path in iter_question_paths(bank / domain):
            try:
                qf = load_question(path)
            except QuestionFileError as error:
                problems.extend(error.problems)
                continue
            (usable if qf.question.key_for(sqlalchemy_version) is not None else outside).append(qf)
    if problems:
        raise QuestionFileError(problems)
    return Pool(tuple(usable), tuple(outside))

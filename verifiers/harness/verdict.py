"""Decide whether a proof's observations match a question's key.

A question passes on a backend only when the set of options the proof found
to hold is exactly the key: every keyed option must hold and every other
option must not. So a wrong key, or a behaviour that changed, always fails.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .schema import Question


class DecisionsInvalid(Exception):
    """The proof's return value is not one boolean per option."""


@dataclass(frozen=True)
class OptionRow:
    letter: str
    statement: str
    claimed: bool
    observed: bool

    @property
    def agrees(self) -> bool:
        return self.claimed == self.observed


@dataclass(frozen=True)
class Verdict:
    rows: tuple[OptionRow, ...]

    @property
    def passed(self) -> bool:
        return all(row.agrees for row in self.rows)

    @property
    def disagreements(self) -> list[OptionRow]:
        return [row for row in self.rows if not row.agrees]

    @property
    def observed_key(self) -> frozenset[str]:
        return frozenset(row.letter for row in self.rows if row.observed)


def check_decisions(question: Question, decisions: object) -> dict[str, bool]:
    """The proof's decisions as a dict, or :class:`DecisionsInvalid` saying what is wrong."""
    if not isinstance(decisions, Mapping):
        raise DecisionsInvalid(
            f"prove() returned {type(decisions).__name__}; it must return a dict of option letter to bool, "
            f"e.g. {{'A': observed_count == 1, ...}}"
        )
    letters = set(question.options)
    missing, extra = sorted(letters - set(decisions)), sorted(set(decisions) - letters, key=str)
    problems = []
    if missing:
        problems.append(f"no decision for option(s) {', '.join(missing)}")
    if extra:
        problems.append(f"decisions for {', '.join(map(str, extra))}, which the question does not have")
    for letter, value in decisions.items():
        if letter in letters and not isinstance(value, bool):
            problems.append(f"option {letter} was decided by a {type(value).__name__} ({value!r}), not a bool")
    if problems:
        raise DecisionsInvalid("; ".join(problems))
    return {letter: decisions[letter] for letter in question.options}


def judge(question: Question, decisions: Mapping[str, bool], key: frozenset[str]) -> Verdict:
    """Compare each option's observed truth with what ``key`` claims."""
    return Verdict(
        tuple(
            OptionRow(letter, text, letter in key, bool(decisions[letter]))
            for letter, text in question.options.items()
        )
    )

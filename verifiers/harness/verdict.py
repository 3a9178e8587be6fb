"""Decide whether a proof's observations match a question's key.

A question passes on a backend only when the set of options the proof found
to hold is exactly the key: every keyed option must hold and every other
option must not. So a wrong key, or a behaviour that changed, always fails.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .decision import AllOf
from .jsonvalue import json_safe
from .schema import Claim, Question


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
class ClaimRow:
    """One claim of the text, with what the proof observed for its fact."""

    claim: Claim
    where: str  # "explanation" or "why.B"
    observed: tuple[Any, ...]  # every value recorded under the fact's label, as JSON
    line: int | None  # the proof line that recorded it (the first recording)

    @property
    def recorded(self) -> bool:
        return bool(self.observed)

    @property
    def holds(self) -> bool:
        """The fact was recorded, and every recording equals the claimed value."""
        expected = json_safe(self.claim.expect)
        return self.recorded and all(value == expected for value in self.observed)


@dataclass(frozen=True)
class Verdict:
    rows: tuple[OptionRow, ...]
    claims: tuple[ClaimRow, ...] = ()

    @property
    def passed(self) -> bool:
        return self.options_agree and all(row.holds for row in self.claims)

    @property
    def options_agree(self) -> bool:
        return all(row.agrees for row in self.rows)

    @property
    def broken_claims(self) -> list[ClaimRow]:
        return [row for row in self.claims if not row.holds]

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
            f"prove() returned {type(decisions).__name__}; it must return a dict of option letter to bool "
            f"(or all_of(...)), "
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
        if letter in letters and not isinstance(value, (bool, AllOf)):
            problems.append(f"option {letter} was decided by a {type(value).__name__} ({value!r}), not a bool")
    if problems:
        raise DecisionsInvalid("; ".join(problems))
    return {letter: bool(decisions[letter]) for letter in question.options}


def check_claims(question: Question, facts: Sequence[Sequence[Any]], version: str) -> tuple[ClaimRow, ...]:
    """Each claim that applies to SQLAlchemy ``version``, with the values recorded under its fact.

    ``facts`` are ``(label, value, line)`` triples (line optional), as ``lab.facts`` holds them.
    """
    rows = []
    for claim in question.claims:
        if not claim.applies_to(version):
            continue
        recorded = [fact for fact in facts if fact[0] == claim.fact]
        line = recorded[0][2] if recorded and len(recorded[0]) > 2 else None
        rows.append(ClaimRow(claim, question.where_claimed(claim), tuple(json_safe(f[1]) for f in recorded), line))
    return tuple(rows)


def judge(question: Question, decisions: Mapping[str, bool], key: frozenset[str],
          claims: tuple[ClaimRow, ...] = ()) -> Verdict:
    """Compare each option's observed truth with what ``key`` claims; carry the text's claims along."""
    return Verdict(
        tuple(
            OptionRow(letter, text, letter in key, bool(decisions[letter]))
            for letter, text in question.options.items()
        ),
        claims,
    )

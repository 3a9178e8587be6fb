"""The keys a question claims, per SQLAlchemy version range.

Reads ``Question.keys`` / ``Question.key_for`` (per-version keys); a question
model without them (one key, ``Question.key``) is read as one range.
"""

from __future__ import annotations

from dataclasses import dataclass

from packaging.specifiers import SpecifierSet
from packaging.version import InvalidVersion, Version

from ..harness.schema import Question


@dataclass(frozen=True)
class RangeKey:
    """The key a question claims for the SQLAlchemy versions in ``spec``."""

    spec: str
    letters: tuple[str, ...]


def range_keys(question: Question) -> tuple[RangeKey, ...]:
    keys = getattr(question, "keys", None)
    if keys is None or callable(keys):
        return (RangeKey(question.sqlalchemy, tuple(sorted(question.key))),)
    return tuple(RangeKey(k.spec, tuple(sorted(k.key))) for k in keys)


def key_for(question: Question, version: str) -> tuple[str, ...] | None:
    """The letters claimed for SQLAlchemy ``version``; None when it is outside the question's range."""
    try:
        parsed = Version(version)
    except InvalidVersion:
        return None
    for rk in range_keys(question):
        if SpecifierSet(rk.spec).contains(parsed, prereleases=True):
            return rk.letters
    return None


def version_sort_key(version: str) -> tuple[int, Version | str]:
    """Sort versions as versions ("2.0.9" before "2.0.10"), unparsable ones last."""
    try:
        return (0, Version(version))
    except InvalidVersion:
        return (1, version)

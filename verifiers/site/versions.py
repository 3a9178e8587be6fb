"""The keys a question claims, per SQLAlchemy version range, as the pages show them."""

from __future__ import annotations

from dataclasses import dataclass

from packaging.version import InvalidVersion, Version

from ..harness.schema import Question


@dataclass(frozen=True)
class RangeKey:
    """The key a question claims for the SQLAlchemy versions in ``spec``, as sorted letters."""

    spec: str
    letters: tuple[str, ...]


def range_keys(question: Question) -> tuple[RangeKey, ...]:
    return tuple(RangeKey(k.spec, tuple(sorted(k.key))) for k in question.keys)


def key_for(question: Question, version: str) -> tuple[str, ...] | None:
    """The letters claimed for SQLAlchemy ``version``; None when it is outside the question's range or not a version."""
    try:
        Version(version)
    except InvalidVersion:
        return None
    key = question.key_for(version)
    return None if key is None else tuple(sorted(key))


def nearest_range(question: Question, version: str) -> RangeKey:
    """The declared range closest to ``version`` (the last one when ``version`` is not a version)."""
    try:
        Version(version)
    except InvalidVersion:
        return range_keys(question)[-1]
    nearest = question.nearest_key(version)
    return RangeKey(nearest.spec, tuple(sorted(nearest.key)))


def version_sort_key(version: str) -> tuple[int, Version | str]:
    """Sort versions as versions ("2.0.9" before "2.0.10"), unparsable ones last."""
    try:
        return (0, Version(version))
    except InvalidVersion:
        return (1, version)

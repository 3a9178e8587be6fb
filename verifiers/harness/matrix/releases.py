"""Which SQLAlchemy releases to prove the bank on."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import InvalidVersion, Version

RELEASE_LINES = ("~=2.0.0", "~=2.1.0")
OLDEST_CLAIMED = "oldest"  # a default line too: the oldest release any question claims, so ranges are tested at both ends
PYPI_JSON = "https://pypi.org/pypi/SQLAlchemy/json"


class ReleaseError(Exception):
    """A version spec that is malformed, or that no known release satisfies."""


@dataclass(frozen=True)
class Release:
    requested: str  # what the user (or the default release lines) asked for
    version: str  # the newest release that satisfies it


def as_specifier(text: str) -> SpecifierSet:
    """``2.0`` means the newest 2.0.x; ``2.0.30`` means exactly that; anything else is a PEP 440 specifier."""
    text = text.strip()
    try:
        version = Version(text)
    except InvalidVersion:
        try:
            return SpecifierSet(text)
        except InvalidSpecifier:
            raise ReleaseError(f"{text!r} is neither a version nor a specifier; write e.g. 2.0, 2.0.30 or '~=2.1.0'") from None
    if len(version.release) == 2:
        return SpecifierSet(f"=={text}.*")
    return SpecifierSet(f"=={text}")


def released_versions(timeout: float = 15.0, url: str = PYPI_JSON) -> list[str]:
    """Every final, unyanked SQLAlchemy release on PyPI, oldest first."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            data = json.load(response)
    except (urllib.error.URLError, TimeoutError, OSError, ValueError) as error:
        raise ReleaseError(f"could not list SQLAlchemy releases from {url}: {error}; "
                           f"use --offline to pick from the versions already at hand") from None
    versions = []
    for text, files in data.get("releases", {}).items():
        try:
            version = Version(text)
        except InvalidVersion:
            continue
        if version.is_prerelease or version.is_devrelease or not files or all(f.get("yanked") for f in files):
            continue
        versions.append(version)
    return [str(v) for v in sorted(versions)]


def resolve(requested: list[str], available: list[str]) -> list[Release]:
    """The newest available release for each request, in request order, without repeats."""
    chosen: list[Release] = []
    for text in requested:
        spec = as_specifier(text)
        matching = sorted((Version(v) for v in available if spec.contains(v)), reverse=True)
        if not matching:
            known = ", ".join(available[-6:]) or "none"
            raise ReleaseError(f"no SQLAlchemy release satisfies {text!r} (newest known: {known})")
        version = str(matching[0])
        if version not in {r.version for r in chosen}:
            chosen.append(Release(text, version))
    return chosen


ALL_RELEASES = "all"


def releases_in(spec: str, available: list[str], declared: list[str]) -> list[str]:
    """Every available release a sweep covers: ``all`` means every release some question's declared range
    (``declared``) holds; anything else is a version or PEP 440 range, kept within those ranges too."""
    claimed = [SpecifierSet(text) for text in declared]
    wanted = None if spec.strip() == ALL_RELEASES else as_specifier(spec)
    chosen = [v for v in available
              if any(s.contains(v) for s in claimed) and (wanted is None or wanted.contains(v))]
    if not chosen:
        raise ReleaseError(f"no SQLAlchemy release satisfies --releases {spec!r} within the bank's declared ranges")
    return sorted(chosen, key=Version)


def oldest_claimed(declared: list[str], available: list[str]) -> str | None:
    """The oldest available release that any of the ``declared`` ranges (the questions' ``sqlalchemy:``) holds."""
    specs = [SpecifierSet(text) for text in declared]
    for version in sorted(available, key=Version):
        if any(spec.contains(version) for spec in specs):
            return version
    return None

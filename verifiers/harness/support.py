"""The lowest SQLAlchemy release the project supports, stated in one place: pyproject.toml's requirement.

Installed, the requirement is read from the distribution's metadata (``importlib.metadata``); from a
checkout that was never installed, from ``pyproject.toml`` itself.
"""

from __future__ import annotations

import importlib.metadata
import re
from functools import lru_cache
from pathlib import Path

from packaging.requirements import InvalidRequirement, Requirement
from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import InvalidVersion, Version

PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"


def _from_pyproject(path: Path) -> list[str]:
    """The ``[project] dependencies`` of ``path`` (empty when it is missing or unreadable)."""
    if not path.is_file():
        return []
    text = path.read_text(encoding="utf-8")
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10: the requirement strings are plain enough to find
        return re.findall(r'^\s*"([^"]+)",?\s*$', text, re.M)
    try:
        dependencies = tomllib.loads(text).get("project", {}).get("dependencies", [])
    except tomllib.TOMLDecodeError:
        return []
    return [str(d) for d in dependencies]


def requirement_text(pyproject: Path = PYPROJECT) -> str | None:
    """The project's SQLAlchemy requirement, e.g. ``sqlalchemy>=2.0.30``, or None when none is stated."""
    try:
        requirements = importlib.metadata.requires("proofbank") or []
    except importlib.metadata.PackageNotFoundError:  # a checkout that was never installed
        requirements = _from_pyproject(pyproject)
    for text in requirements:
        try:
            if Requirement(text).name.lower() == "sqlalchemy" and not Requirement(text).marker:
                return text
        except InvalidRequirement:
            continue
    return None


@lru_cache(maxsize=1)
def supported_floor() -> Version | None:
    """The lowest SQLAlchemy release the project supports (the ``>=`` bound of its requirement)."""
    text = requirement_text()
    if text is None:
        return None
    bounds = [Version(s.version) for s in Requirement(text).specifier if s.operator in (">=", "==", "~=", "===")]
    return min(bounds) if bounds else None


def _candidates(specifier: SpecifierSet) -> set[Version]:
    """The releases at which a range can begin: nothing (0.0.0), each version it names, and the release after
    (all written with three parts, as releases are)."""
    found = {Version("0.0.0")}
    for spec in specifier:
        try:
            named = Version(spec.version.removesuffix(".*"))
        except InvalidVersion:
            continue
        major, minor, micro = (list(named.release) + [0, 0])[:3]
        found |= {Version(f"{major}.{minor}.{micro}"), Version(f"{major}.{minor}.{micro + 1}")}
        if named.is_prerelease or named.is_postrelease or len(named.release) > 3:
            found.add(named)
    return found


def below_floor(spec: str, floor: Version) -> str | None:
    """The lowest release below ``floor`` that ``spec`` admits (None when it admits none, or is malformed)."""
    try:
        specifier = SpecifierSet(spec)
    except InvalidSpecifier:
        return None
    admitted = sorted(v for v in _candidates(specifier) if v < floor and specifier.contains(v, prereleases=True))
    return str(admitted[0]) if admitted else None

"""The lowest SQLAlchemy release the project supports, stated in one place: pyproject.toml's requirement."""

from __future__ import annotations

import importlib.metadata
import re
from functools import lru_cache
from pathlib import Path

from packaging.requirements import InvalidRequirement, Requirement
from packaging.specifiers import SpecifierSet
from packaging.version import Version

_PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"


def _requirement_text() -> str | None:
    try:
        for text in importlib.metadata.requires("proofbank") or ():
            if re.match(r"(?i)^sqlalchemy\b", text):
                return text
    except importlib.metadata.PackageNotFoundError:
        pass
    if _PYPROJECT.is_file():  # a checkout that was never installed
        found = re.search(r'"(sqlalchemy\s*>=[^"]+)"', _PYPROJECT.read_text(encoding="utf-8"), re.I)
        return found.group(1) if found else None
    return None


@lru_cache(maxsize=1)
def supported_floor() -> Version | None:
    """The lowest SQLAlchemy release the project supports (the ``>=`` bound of its requirement)."""
    text = _requirement_text()
    if text is None:
        return None
    try:
        requirement = Requirement(text)
    except InvalidRequirement:
        return None
    bounds = [Version(s.version) for s in requirement.specifier if s.operator in (">=", "==", "~=")]
    return min(bounds) if bounds else None


def below_floor(spec: str, floor: Version) -> str | None:
    """A release below ``floor`` that ``spec`` admits (None when it admits none)."""
    specifier = SpecifierSet(spec)
    for major, minor in ((1, 4), (2, 0)):
        for micro in range(100):
            version = Version(f"{major}.{minor}.{micro}")
            if version >= floor:
                return None
            if specifier.contains(version, prereleases=True):
                return str(version)
    return None

"""``proofbank python``: an interpreter with another SQLAlchemy release, to try a snippet before a proof exists.

It is the version matrix's cached environment for that release (built on first
use, reused after), so exploring and proving run on the same installation.
"""

from __future__ import annotations

from pathlib import Path

from .matrix.command import versions_at_hand
from .matrix.releases import Release, released_versions, resolve
from .matrix.venvs import Environment, environment_for


def interpreter_for(spec: str, root: Path, cache: Path, offline: bool = False) -> tuple[Release, Environment]:
    """The newest release matching ``spec`` (``2.0``, ``2.0.30``, ``'~=2.1.0'``) and its environment."""
    if offline:
        available = versions_at_hand(cache)
    else:
        available = released_versions()
    (release,) = resolve([spec], available)
    return release, environment_for(release.version, root, cache, reuse_current=True)

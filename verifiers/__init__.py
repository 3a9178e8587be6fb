"""Proofbank's proofs, one module per question, and the harness that runs them.

A proof imports what it needs from here::

    from verifiers import Lab, run_alone
"""

from typing import Any

from .harness.attempt import Attempt
from .harness.cachelog import CacheNotes
from .harness.capture import Capture, Statement, StatementList
from .harness.decision import all_of
from .harness.lab import Lab
from .harness.objstate import ObjectState
from .harness.standalone import run_alone


def __getattr__(name: str) -> Any:
    """``Revision`` and ``alembic_project`` load Alembic, which most proofs never use: import them on first use."""
    if name in ("Revision", "alembic_project"):
        from .harness import alembicproject

        return getattr(alembicproject, name)
    raise AttributeError(f"module 'verifiers' has no attribute {name!r}")


__all__ = ["Attempt", "CacheNotes", "Capture", "Lab", "ObjectState", "Revision", "Statement", "StatementList", "alembic_project", "all_of", "run_alone"]

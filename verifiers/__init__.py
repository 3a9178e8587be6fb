"""Proofbank's proofs, one module per question, and the harness that runs them.

A proof imports what it needs from here::

    from verifiers import Lab, run_alone
"""

from .harness.alembicproject import Revision, alembic_project
from .harness.attempt import Attempt
from .harness.capture import Capture, Statement, StatementList
from .harness.lab import Lab
from .harness.objstate import ObjectState
from .harness.standalone import run_alone

__all__ = ["Attempt", "Capture", "Lab", "ObjectState", "Revision", "Statement", "StatementList", "alembic_project", "run_alone"]

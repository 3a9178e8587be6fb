"""The proof view: a proof's lines, each with the SQL it caused on every backend and the facts it recorded.

One model (:mod:`.view`) built from the proof's source and its run records,
rendered twice: as HTML by the learner pages (``verifiers.site``) and in the
terminal by ``proofbank show`` and the quiz review (:mod:`.terminal`).
"""

from .view import FactRow, LineSql, ProofLine, ProofView, Statement, Variant, build_proof_view, option_lines

__all__ = ["FactRow", "LineSql", "ProofLine", "ProofView", "Statement", "Variant", "build_proof_view", "option_lines"]

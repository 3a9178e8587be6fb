"""Turn an :class:`Outcome` into the text an author reads when a question fails."""

from __future__ import annotations

import dataclasses
import json
import textwrap
from typing import Any

from .bank import display_path
from .capture import Statement
from .jsonvalue import json_safe
from .lab import Fact
from .runner import Outcome
from .verdict import ClaimRow

MAX_SQL_LINES = 60


def short(value: Any, width: int = 100) -> str:
    text = value if isinstance(value, str) else str(value) if dataclasses.is_dataclass(value) else repr(value)
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 3] + "..."


def render_statement(statement: Statement) -> str:
    params = "" if statement.parameters in (None, (), [], {}) else f"  -- params {short(statement.parameters, 80)}"
    many = " [executemany]" if statement.executemany else ""
    return f"{statement.seq:>3}  {statement.connection:<9} {short(statement.sql, 140)}{many}{params}"


def fact_text(value: Any, width: int = 100) -> str:
    """A fact's value as the records keep it (JSON), so the live report and ``proofbank show`` read alike."""
    plain = json_safe(value)
    return short(plain if isinstance(plain, str) else json.dumps(plain, ensure_ascii=False), width)


def render_facts(facts: list[Fact]) -> list[str]:
    return [f"  {fact.label}: {fact_text(fact.value)}" for fact in facts] or ["  (the proof recorded none)"]


def render_claims(rows: list[ClaimRow], proof: str) -> list[str]:
    """A broken claim: the text it quotes, where, what it claims, and what was observed."""
    lines = []
    for row in rows:
        lines.append(f'  {row.where}: "{short(row.claim.says, 160)}"')
        lines.append(f"    claims  {row.claim.fact} = {json.dumps(json_safe(row.claim.expect))}")
        if not row.recorded:
            lines.append(f"    but the proof recorded no fact {row.claim.fact!r}: record it with "
                         f"lab.fact({row.claim.fact!r}, ...) in {proof}")
        else:
            seen = ", ".join(json.dumps(v) for v in row.observed)
            where = f" (line {row.line} of the proof)" if row.line else ""
            lines.append(f"    observed {row.claim.fact} = {seen}{where}")
    return lines


def render_sql(statements: list[Statement]) -> list[str]:
    if not statements:
        return ["  (none)"]
    lines = [render_statement(s) for s in statements]
    if len(lines) > MAX_SQL_LINES:
        hidden = len(lines) - MAX_SQL_LINES
        lines = lines[: MAX_SQL_LINES // 2] + [f"  ... {hidden} more ..."] + lines[-MAX_SQL_LINES // 2 :]
    return ["  " + line for line in lines]


def render_failure(outcome: Outcome) -> str:
    """Everything needed to see what changed: options, facts, SQL and the files to open."""
    qf = outcome.question
    q = qf.question
    head = (
        f"{q.domain}/{q.id} on {outcome.backend} ({outcome.server_version}; "
        f"SQLAlchemy {outcome.sqlalchemy_version}; Python {outcome.python_version})"
    )
    lines = [head, ""]
    if outcome.verdict is not None and outcome.verdict.options_agree:
        broken = outcome.verdict.broken_claims
        lines.append(f"The options hold as keyed, but {len(broken)} claim(s) of the text differ from what was observed:")
        lines += render_claims(broken, display_path(qf.proof_path))
        lines.append("")
        lines.append("Correct the text and its claim, or the proof, whichever is wrong.")
    elif outcome.verdict is not None:
        wrong = ", ".join(r.letter for r in outcome.verdict.disagreements)
        lines.append(f"The options that hold differ from the key at {wrong}.")
        claimed = outcome.compared_with
        assert claimed is not None
        which = f"key for SQLAlchemy {claimed.spec}" if q.has_version_keys else "key"
        lines.append(f"  {which}: {', '.join(sorted(claimed.key))}   observed to hold: {', '.join(sorted(outcome.verdict.observed_key)) or 'none'}")
        lines.append("")
        lines.append("  option  key says  observed")
        for row in outcome.verdict.rows:
            mark = "   <-- differs" if not row.agrees else ""
            claim = "holds" if row.claimed else "false"
            seen = "holds" if row.observed else "false"
            # a differing row shows its whole statement: it is the one the author must read
            text = " ".join(row.statement.split()) if not row.agrees else short(row.statement, 70)
            lines.append(f"  {row.letter:<6}  {claim:<8}  {seen:<8} {text}{mark}")
            if not row.agrees and row.letter in outcome.decision_parts:
                parts = ", ".join(f"{name}={'true' if value else 'false'}"
                                  for name, value in outcome.decision_parts[row.letter])
                lines.append(f"          decided by all_of: {parts}")
        if outcome.verdict.broken_claims:
            lines += ["", "Claims of the text that differ from what was observed:"]
            lines += render_claims(outcome.verdict.broken_claims, display_path(qf.proof_path))
    else:
        lines.append("The proof could not decide the options:")
        lines.extend(textwrap.indent(outcome.problem or "(no detail)", "  ").splitlines())
    lines += ["", "Facts observed:"] + render_facts(outcome.facts)
    lines += ["", f"SQL emitted ({len(outcome.statements)} statements):"] + render_sql(outcome.statements)
    # the line of the key that was compared: for per-version keys, the failing range's own line
    compared = outcome.compared_with
    answer_line = qf.line_of("answer", compared.spec) if compared and q.has_version_keys else qf.line_of("answer")
    claims_only = outcome.verdict is not None and outcome.verdict.options_agree
    lines += [
        "",
        "Open:",
        f"  {display_path(qf.path)}:{qf.line_of('claims') if claims_only else answer_line}"
        f"  ({'the claims' if claims_only else 'the key'})",
        f"  {display_path(qf.proof_path)}  (the proof)",
    ]
    return "\n".join(lines)


def render_outside(outcome: Outcome) -> str:
    """One line for a run on a SQLAlchemy the question makes no claim for: does its answer hold here too?"""
    q = outcome.question.question
    head = f"SQLAlchemy {outcome.sqlalchemy_version} is outside this question's range ({q.sqlalchemy}); the proof ran anyway"
    if outcome.verdict is None:
        return f"{head} and could not decide: {short(outcome.problem or '', 200)}"
    observed = ", ".join(sorted(outcome.verdict.observed_key)) or "none"
    if outcome.holds:
        return f"{head} and its answer holds here too (observed {observed}): the range could be widened"
    nearest = outcome.compared_with
    assert nearest is not None
    return (f"{head} and its answer does not hold here: observed {observed}, "
            f"the key for {nearest.spec} is {', '.join(sorted(nearest.key))}")

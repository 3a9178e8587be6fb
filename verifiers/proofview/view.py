"""Build the proof view: the proof's lines, the statements each caused per backend, the facts and claims.

Pure: source text and run records in, frozen dataclasses out; the same input
always gives the same view. Statements are grouped by the proof line that
sent them and by phase (setup, test, observe); backends that sent the same
statements for a group share one :class:`Variant`, the others get their own.
"""

from __future__ import annotations

import ast
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .sqltext import comparable, scrub, tidy

Record = Mapping[str, Any]
PHASES = ("setup", "test", "observe")
PARAMETERS_SHOWN = 300  # characters of a statement's parameters shown; an executemany batch can be huge
LETTERS = "ABCDEF"


@dataclass(frozen=True)
class Statement:
    """One statement as one backend sent it; ``count`` > 1 when it was sent that many times in a row."""

    seq: int
    connection: str
    kind: str
    text: str
    parameters: str
    executemany: bool
    count: int = 1
    last_seq: int = 0


@dataclass(frozen=True)
class Variant:
    """What ``backends`` sent for one group: the same statements, compared without paramstyle and casts."""

    backends: tuple[str, ...]
    statements: tuple[Statement, ...]


@dataclass(frozen=True)
class LineSql:
    """The statements of one phase that one proof line caused, per backend."""

    phase: str
    variants: tuple[Variant, ...]

    @property
    def same(self) -> bool:
        """Every backend sent the same statements."""
        return len(self.variants) == 1

    @property
    def backends(self) -> tuple[str, ...]:
        return tuple(b for v in self.variants for b in v.backends)

    @property
    def size(self) -> int:
        """The most statements any backend sent here (repeats counted)."""
        return max((sum(s.count for s in v.statements) for v in self.variants), default=0)

    @property
    def kinds(self) -> tuple[str, ...]:
        """The kinds of statement sent, in order of first appearance."""
        return tuple(dict.fromkeys(s.kind for v in self.variants for s in v.statements))

    @property
    def summary(self) -> str:
        """One line: how many statements of which kinds, e.g. "4 statements: BEGIN, CREATE TABLE, COMMIT"."""
        n = self.size
        return f"{n} statement{'s' if n != 1 else ''}: {', '.join(self.kinds)}"


@dataclass(frozen=True)
class ProofLine:
    """One line of the proof, the statements it caused and the labels of the facts it recorded."""

    number: int
    text: str
    sql: tuple[LineSql, ...] = ()
    facts: tuple[str, ...] = ()


@dataclass(frozen=True)
class FactRow:
    """One recorded fact: its value on each backend (None where that backend did not record it)."""

    label: str
    line: int | None
    values: tuple[tuple[str, str | None], ...]

    @property
    def differs(self) -> bool:
        return len({v for _, v in self.values}) > 1


@dataclass(frozen=True)
class ClaimRow:
    """A sentence of the explanation or of a why that the proof checks through a fact."""

    says: str
    where: str
    fact: str
    expect: str
    line: int | None
    observed: tuple[tuple[str, str], ...]  # per backend that recorded the claim
    holds: tuple[tuple[str, bool], ...]

    @property
    def proved(self) -> bool:
        """Held on every backend that ran it (and at least one ran it)."""
        return bool(self.holds) and all(h for _, h in self.holds)


@dataclass(frozen=True)
class ProofView:
    """The whole proof with its observations; ``backends`` are those with a record, in the question's order."""

    path: str
    backends: tuple[str, ...]
    lines: tuple[ProofLine, ...]
    other: tuple[LineSql, ...]
    facts: tuple[FactRow, ...]
    claims: tuple[ClaimRow, ...]
    options: tuple[tuple[str, int], ...]  # option letter and the proof line that decides it

    @property
    def statement_count(self) -> int:
        groups = [g for line in self.lines for g in line.sql] + list(self.other)
        return sum(g.size for g in groups)

    def option_line(self, letter: str) -> int | None:
        return dict(self.options).get(letter)

    def claims_in(self, where: str) -> tuple[ClaimRow, ...]:
        return tuple(c for c in self.claims if c.where == where)


def build_proof_view(path: str, source: str, records: Mapping[str, Record], backends: Sequence[str]) -> ProofView:
    """The proof view of ``source`` from the records of ``backends`` (a backend without a record is left out)."""
    present = tuple(b for b in backends if isinstance(records.get(b), Mapping))
    texts = source.splitlines()
    by_place: dict[tuple[int | None, str], dict[str, list[Statement]]] = {}
    order: list[tuple[int | None, str]] = []
    for backend in present:
        for raw in sorted((s for s in records[backend].get("sql") or [] if isinstance(s, Mapping)), key=_seq):
            line = raw.get("line")
            line = line if isinstance(line, int) and 1 <= line <= len(texts) else None
            phase = str(raw.get("phase") or "test")
            place = (line, phase)
            if place not in by_place:
                by_place[place] = {}
                order.append(place)
            by_place[place].setdefault(backend, []).append(_statement(raw))
    groups: dict[int | None, list[LineSql]] = {}
    for place in sorted(order, key=lambda p: (p[0] is None, p[0] or 0, _phase_rank(p[1]), order.index(p))):
        per_backend = {b: _fold(by_place[place].get(b, [])) for b in present}
        groups.setdefault(place[0], []).append(LineSql(place[1], _variants(per_backend)))
    facts = _facts(records, present)
    fact_lines: dict[int, list[str]] = {}
    for fact in facts:
        if fact.line is not None:
            fact_lines.setdefault(fact.line, []).append(fact.label)
    lines = tuple(
        ProofLine(n, text, tuple(groups.get(n, ())), tuple(fact_lines.get(n, ())))
        for n, text in enumerate(texts, 1)
    )
    return ProofView(path=path, backends=present, lines=lines, other=tuple(groups.get(None, ())), facts=facts,
                     claims=_claims(records, present), options=tuple(sorted(option_lines(source).items())))


def option_lines(source: str) -> dict[str, int]:
    """The line deciding each option: where ``prove`` returns ``{"A": ..., "B": ...}`` (empty when not found)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return {}
    best: dict[str, int] = {}
    for node in ast.walk(tree):
        if not isinstance(node, ast.Dict):
            continue
        found = {k.value: v.lineno for k, v in zip(node.keys, node.values)
                 if isinstance(k, ast.Constant) and isinstance(k.value, str) and k.value in LETTERS and len(k.value) == 1}
        if len(found) > len(best):
            best = found
    return best if len(best) >= 2 else {}


def _seq(raw: Mapping[str, Any]) -> int:
    seq = raw.get("seq")
    return seq if isinstance(seq, int) else 0


def _phase_rank(phase: str) -> int:
    return PHASES.index(phase) if phase in PHASES else len(PHASES)


def _statement(raw: Mapping[str, Any]) -> Statement:
    parameters = raw.get("parameters")
    return Statement(
        seq=_seq(raw), connection=scrub(str(raw.get("connection", ""))), kind=str(raw.get("kind", "")),
        text=tidy(str(raw.get("statement", ""))),
        parameters="" if parameters in (None, {}, [], ()) else _shortened(scrub(value_text(parameters))),
        executemany=bool(raw.get("executemany")), last_seq=_seq(raw),
    )


def _fold(statements: list[Statement]) -> tuple[Statement, ...]:
    """A statement sent again right after itself (e.g. a lazy load per row) becomes one with its count."""
    folded: list[Statement] = []
    for s in statements:
        last = folded[-1] if folded else None
        if last and (last.connection, last.kind, last.text) == (s.connection, s.kind, s.text):
            folded[-1] = Statement(last.seq, last.connection, last.kind, last.text, last.parameters,
                                   last.executemany, last.count + 1, s.seq)
        else:
            folded.append(s)
    return tuple(folded)


def _variants(per_backend: Mapping[str, tuple[Statement, ...]]) -> tuple[Variant, ...]:
    by_key: dict[tuple[Any, ...], list[str]] = {}
    for backend, statements in per_backend.items():
        key = tuple((s.connection, s.kind, comparable(s.text), s.executemany, s.count) for s in statements)
        by_key.setdefault(key, []).append(backend)
    return tuple(Variant(tuple(names), per_backend[names[0]]) for names in by_key.values())


def _facts(records: Mapping[str, Record], backends: Sequence[str]) -> tuple[FactRow, ...]:
    values: dict[str, dict[str, list[str]]] = {}
    lines: dict[str, int | None] = {}
    for backend in backends:
        for fact in records[backend].get("facts") or []:
            if not isinstance(fact, Mapping):
                continue
            label = scrub(str(fact.get("label", "")))
            line = fact.get("line")
            if label not in lines or (lines[label] is None and isinstance(line, int)):
                lines[label] = line if isinstance(line, int) else None
            values.setdefault(label, {}).setdefault(backend, []).append(scrub(value_text(fact.get("value"))))
    return tuple(
        FactRow(label, lines[label], tuple((b, "; ".join(per[b]) if b in per else None) for b in backends))
        for label, per in values.items()
    )


def _claims(records: Mapping[str, Record], backends: Sequence[str]) -> tuple[ClaimRow, ...]:
    found: dict[tuple[str, str, str], dict[str, Any]] = {}
    for backend in backends:
        for claim in records[backend].get("claims") or []:
            if not isinstance(claim, Mapping):
                continue
            key = (str(claim.get("says", "")), str(claim.get("where", "explanation")), str(claim.get("fact", "")))
            entry = found.setdefault(key, {"expect": scrub(value_text(claim.get("expect"))), "line": None,
                                           "observed": [], "holds": []})
            if entry["line"] is None and isinstance(claim.get("line"), int):
                entry["line"] = claim["line"]
            observed = claim.get("observed")
            shown = observed[0] if isinstance(observed, list) and len(observed) == 1 else observed
            entry["observed"].append((backend, scrub(value_text(shown))))
            entry["holds"].append((backend, claim.get("holds") is True))
    return tuple(
        ClaimRow(says, where, fact, e["expect"], e["line"], tuple(e["observed"]), tuple(e["holds"]))
        for (says, where, fact), e in found.items()
    )


def value_text(value: Any) -> str:
    """A recorded value as text: strings as they are, anything else as compact, sorted JSON."""
    return value if isinstance(value, str) else json.dumps(value, sort_keys=True, ensure_ascii=False)


def _shortened(text: str, limit: int = PARAMETERS_SHOWN) -> str:
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… ({len(text) - limit} more characters)"


def records_by_backend(records: Iterable[Record]) -> dict[str, Record]:
    """Records keyed by their backend (the last one wins)."""
    return {str(r.get("backend")): r for r in records if isinstance(r, Mapping)}

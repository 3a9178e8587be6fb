"""The proof view in the terminal (rich): proof lines with their SQL beneath, setup folded, facts per backend."""

from __future__ import annotations

from typing import Any

from rich.console import Group
from rich.markup import escape
from rich.padding import Padding
from rich.syntax import Syntax
from rich.table import Table
from rich.text import Text

from .view import LineSql, ProofView, Variant

PHASE_LABELS = {"setup": "setup", "test": "under test", "observe": "observation"}
PHASE_STYLES = {"setup": "dim", "test": "bold blue", "observe": "bold yellow"}


def proof_view_renderable(view: ProofView, source: str) -> Group:
    """The proof's source in chunks, each followed by the statements its last line sent.

    Setup is one summary line per group; the code under test and what the
    proof observed are shown in full, once when every backend sent the same,
    otherwise in a column per backend."""
    parts: list[Any] = []
    start = 1
    for line in view.lines:
        if not line.sql and line.number < len(view.lines):
            continue
        parts.append(Syntax(source, "python", line_numbers=True, line_range=(start, line.number), word_wrap=True))
        indent = min(len(line.text) - len(line.text.lstrip()), 12) + 7
        parts.extend(Padding(sql_group_renderable(group), (0, 0, 0, indent)) for group in line.sql)
        start = line.number + 1
    if not view.backends:
        parts.append(Text("No run recorded yet: run `proofbank verify` to see the SQL each line sends.", style="yellow"))
    if view.other:
        parts.append(Text("Other statements (sent by the harness or by code outside the proof file):", style="bold"))
        parts.extend(sql_group_renderable(group) for group in view.other)
    return Group(*parts)


def sql_group_renderable(group: LineSql) -> Any:
    """One line's statements of one phase: a single summary line for setup, the statements otherwise."""
    label = Text.assemble((f"{PHASE_LABELS.get(group.phase, group.phase)}", PHASE_STYLES.get(group.phase, "")),
                          f" · {group.summary} · ")
    label.append(", ".join(group.backends) if group.same else "differs: " + " | ".join(
        ", ".join(v.backends) for v in group.variants))
    if group.phase == "setup":
        return Text.assemble("▸ ", label, style="dim")
    if group.same:
        return Group(Text.assemble("▾ ", label), _statements(group.variants[0]))
    columns = Table(box=None, padding=(0, 2, 0, 0), expand=True, show_edge=False)
    for variant in group.variants:
        columns.add_column(", ".join(variant.backends), ratio=1, overflow="fold")
    columns.add_row(*(_statements(v) for v in group.variants))
    return Group(Text.assemble("▾ ", label), columns)


def _statements(variant: Variant) -> Any:
    if not variant.statements:
        return Text("(sent nothing here)", style="dim italic")
    lines = []
    for s in variant.statements:
        meta = f"-- #{s.seq} {s.connection}"
        if s.count > 1:
            meta += f", sent {s.count} times in a row"
        if s.executemany:
            meta += ", executemany"
        if s.parameters:
            meta += f"; parameters {s.parameters}"
        lines += [meta, s.text + ";"]
    return Syntax("\n".join(lines), "sql", word_wrap=True, background_color="default")


def facts_table(view: ProofView) -> Table:
    """Every fact the proof recorded, a column per backend; a row that differs between backends is marked ≠."""
    table = Table(title="Facts the proof recorded", title_justify="left")
    table.add_column("line", justify="right")
    table.add_column("fact")
    for backend in view.backends:
        table.add_column(backend, overflow="fold")
    for fact in view.facts:
        style = "yellow" if fact.differs else None
        label = f"≠ {escape(fact.label)}" if fact.differs else escape(fact.label)
        table.add_row(str(fact.line or ""), label,
                      *(escape(v) if v is not None else "[dim]not recorded[/]" for _, v in fact.values), style=style)
    if not view.facts:
        table.add_row("", "[dim]none recorded[/]", *("" for _ in view.backends))
    return table


def claims_table(view: ProofView) -> Table | None:
    """The sentences of the explanation and the whys that the proof checks, with what each backend observed."""
    if not view.claims:
        return None
    table = Table(title="Sentences the proof checks", title_justify="left")
    for column in ("where", "says", "line", "expected", "observed"):
        table.add_column(column, overflow="fold")
    for claim in view.claims:
        observed = ", ".join(f"{b} {v}" for b, v in claim.observed)
        mark = "[green]✓ proved[/]" if claim.proved else "[red]✗ not proved[/]"
        table.add_row(claim.where, escape(claim.says), str(claim.line or ""), escape(claim.expect),
                      f"{mark} {escape(observed)}")
    return table

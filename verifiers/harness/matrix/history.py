"""Per question, over the releases a matrix ran: the releases it holds on, as spans, and where it changed.

A question *holds* on a release when every backend it covers passed there (or, outside its declared
range, its answer held). It *changed* between two neighbouring releases of the matrix when a backend's
verdict or any option's observed truth differs; when no other release lies between the two (a sweep over
every release), the later one is where the change happened, otherwise it happened after the earlier one,
by the later one, and ``proofbank bisect`` narrows it down.
"""

from __future__ import annotations

from typing import Any

from packaging.version import Version

from .bisect import Outcome


def outcome_of(cell) -> Outcome:
    holding = tuple(sorted(k for k, v in cell.observed.items() if v)) if cell.observed is not None else None
    return Outcome(cell.status, holding)


def holds(cells: list) -> bool:
    ran = [c for c in cells if c.status != "missing"]
    return bool(ran) and all(c.status == "passed" or (c.status == "outside" and c.holds) for c in ran)


def spans(versions: list[str], holding: set[str]) -> list[str]:
    """Runs of neighbouring versions (in the matrix's order) that hold, written ``first–last``."""
    found, run = [], []
    for version in versions:
        if version in holding:
            run.append(version)
            continue
        if run:
            found.append(run)
        run = []
    if run:
        found.append(run)
    return [r[0] if len(r) == 1 else f"{r[0]}–{r[-1]}" for r in found]


def adjacent(earlier: str, later: str, known: list[str] | None) -> bool:
    """Whether no known release lies strictly between the two (unknown without the release list)."""
    if not known:
        return False
    low, high = Version(earlier), Version(later)
    return not any(low < Version(v) < high for v in known)


def question_history(matrix, row, known: list[str] | None = None) -> dict[str, Any]:
    """What the matrix says of ``row`` over its versions: holds_on, spans and changes."""
    backends = list(row.question.question.backends)
    holding = {v for v in matrix.versions if holds([row.cells[v][b] for b in backends])}
    changes = []
    ran = [v for v in matrix.versions if any(row.cells[v][b].status != "missing" for b in backends)]
    for earlier, later in zip(ran, ran[1:]):
        changed_backends, options = [], set()
        for backend in backends:
            before, after = row.cells[earlier][backend], row.cells[later][backend]
            if before.status == "missing" or after.status == "missing":
                continue
            a, b = outcome_of(before), outcome_of(after)
            if b.differs_from(a):
                changed_backends.append(backend)
                if a.holding is not None and b.holding is not None:
                    options |= set(a.holding) ^ set(b.holding)
        if changed_backends:
            changes.append({"after": earlier, "version": later, "exact": adjacent(earlier, later, known),
                            "backends": changed_backends, "options": sorted(options)})
    return {"holds_on": [v for v in matrix.versions if v in holding],
            "spans": spans(matrix.versions, holding), "changes": changes}


def describe_changes(history: dict[str, Any]) -> list[str]:
    """Plain sentences for a learner or an author."""
    lines = []
    for change in history.get("changes", []):
        where = (f"changed in {change['version']}" if change.get("exact")
                 else f"changed after {change['after']}, by {change['version']}")
        options = f" (option {', '.join(change['options'])})" if change.get("options") else ""
        lines.append(f"{where}{options} on {', '.join(change['backends'])}")
    return lines


def holds_note(matrix_entry: dict[str, Any] | None) -> str | None:
    """"Holds on SQLAlchemy 2.0.30–2.1.9": the releases the matrix record saw it hold on (no hint of the key)."""
    spans_seen = matrix_entry.get("spans") if isinstance(matrix_entry, dict) else None
    if isinstance(spans_seen, list) and spans_seen:
        return "Holds on SQLAlchemy " + ", ".join(str(s) for s in spans_seen)
    return None


def change_notes(matrix_entry: dict[str, Any] | None, bisected: dict[str, Any] | None) -> list[str]:
    """Where the question changed: from ``proofbank bisect`` when it ran (the first release, the options that
    flipped, the changelog's ticket), else the matrix's ranges. Names options, so shown after the answer."""
    findings = bisected.get("backends") if isinstance(bisected, dict) else None
    if isinstance(findings, dict) and findings:
        grouped: dict[tuple, list[str]] = {}
        for backend, finding in findings.items():
            if not isinstance(finding, dict) or not finding.get("first_changed"):
                continue
            cited = finding.get("changelog") or {}
            key = (finding["first_changed"], tuple(finding.get("options") or ()), tuple(cited.get("tickets") or ()))
            grouped.setdefault(key, []).append(backend)
        lines = []
        for (version, options, tickets), backends in grouped.items():
            ticket = f" (ticket {', '.join('#' + str(t) for t in tickets)})" if tickets else ""
            flipped = f": option {', '.join(options)}" if options else ""
            lines.append(f"Changed in {version}{ticket} on {', '.join(backends)}{flipped}")
        return lines
    entry = matrix_entry if isinstance(matrix_entry, dict) else {}
    return [line[0].upper() + line[1:] for line in describe_changes(entry)]


def release_notes(matrix_entry: dict[str, Any] | None, bisected: dict[str, Any] | None) -> list[str]:
    """Both, for an author's terminal."""
    holds_line = holds_note(matrix_entry)
    return ([holds_line] if holds_line else []) + change_notes(matrix_entry, bisected)

"""Print the matrix: question × SQLAlchemy version × backend, then what differs between versions."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from .execution import VersionRun
from .history import describe_changes, question_history
from .table import Cell, Matrix

SHORT = {"sqlite": "sqlite", "postgresql": "pg", "mariadb": "maria"}
MARKS = {
    "passed": "[green]✔[/]",
    "failed": "[bold red]✘[/]",
    "error": "[bold red]![/]",
    "missing": "[yellow]?[/]",
}
LEGEND = ("✔ proved   ✘ key does not hold   ! proof could not decide   ? not run (backend unavailable)   "
          "○ outside the declared range, answer holds   ◌ outside the range, answer differs   · not about this backend")


def mark(cell: Cell | None) -> str:
    if cell is None:
        return "[dim]·[/]"
    if cell.status == "outside":
        return "[cyan]○[/]" if cell.holds else "[magenta]◌[/]"
    return MARKS.get(cell.status, cell.status)


def render_runs(console: Console, runs: list[VersionRun]) -> None:
    for run in runs:
        env = run.environment
        where = {"current": "this environment", "cached": "cached environment", "built": "new environment"}[env.origin]
        status = "[red]pytest could not run[/]" if run.crashed else f"exit {run.exit_code}"
        console.print(f"SQLAlchemy [bold]{run.release.version}[/] (asked: {run.release.requested}) in {where}: "
                      f"{status}, {run.duration:.1f} s; log {run.log}", highlight=False)
        if run.crashed:
            console.print(run.log_tail(), highlight=False, markup=False)


def render_matrix(console: Console, matrix: Matrix, only_changes: bool = False) -> None:
    shown = matrix.rows
    if only_changes:
        changed = {f.question for f in matrix.flips()} | {c.question for c in matrix.verdict_changes()}
        changed |= {row.id for row, *_ in matrix.broken()}
        shown = [row for row in matrix.rows if row.id in changed]
        console.print(f"{len(shown)} of {len(matrix.rows)} questions changed between versions or failed:")
    table = Table(title="questions × SQLAlchemy × backend", title_justify="left")
    table.add_column("question", overflow="fold")
    for version in matrix.versions:
        for backend in matrix.backends:
            table.add_column(f"{version}\n{SHORT.get(backend, backend)}", justify="center")
    for row in shown:
        q = row.question.question
        label = f"{q.domain}/{q.id}" + (" [dim](key per version)[/]" if q.has_version_keys else "")
        table.add_row(label, *(mark(matrix.cell(row, v, b)) for v in matrix.versions for b in matrix.backends))
    console.print(table)
    console.print(LEGEND, style="dim", highlight=False)


def render_differences(console: Console, matrix: Matrix) -> None:
    flips = matrix.flips()
    changes = matrix.verdict_changes()
    if len(matrix.versions) < 2:
        console.print("One version only: nothing to compare.")
        return
    if not flips and not changes:
        console.print(f"[green]No behaviour differs[/] between SQLAlchemy {', '.join(matrix.versions)}.")
        return
    console.print(f"[bold]Where behaviour differs between SQLAlchemy {', '.join(matrix.versions)}[/]")
    names = {row.id: f"{row.question.question.domain}/{row.id}" for row in matrix.rows}
    by_question: dict[str, list[str]] = {}
    for flip in flips:
        truth = ", ".join(f"{'holds' if value else 'false'} on {versions}" for versions, value in _runs(flip.truth))
        by_question.setdefault(names[flip.question], []).append(f"option {flip.option}: {truth} ({', '.join(flip.backends)})")
    for change in changes:
        statuses = ", ".join(f"{status} on {version}" for version, status in change.statuses)
        by_question.setdefault(names[change.question], []).append(f"verdict on {change.backend}: {statuses}")
    for question, lines in by_question.items():
        console.print(f"  [bold]{question}[/]", highlight=False)
        for line in lines:
            console.print(f"    {line}", highlight=False)


def _runs(truth: tuple[tuple[str, bool], ...]) -> list[tuple[str, bool]]:
    """Neighbouring versions with the same truth, joined: (("2.0.52–2.0.58", False), ("2.1.0–2.1.2", True))."""
    runs: list[list] = []
    for version, value in truth:
        if runs and runs[-1][2] == value:
            runs[-1][1] = version
        else:
            runs.append([version, version, value])
    return [(first if first == last else f"{first}–{last}", value) for first, last, value in runs]


def render_problems(console: Console, matrix: Matrix) -> None:
    for row, version in matrix.widenable():
        q = row.question.question
        console.print(f"[cyan]could widen[/] {q.domain}/{q.id}: its answer also holds on SQLAlchemy {version}, "
                      f"outside `sqlalchemy: {q.sqlalchemy}`", highlight=False)
    for row, version, backend, cell in matrix.broken():
        q = row.question.question
        console.print(f"[bold red]{cell.status.upper()}[/] {q.domain}/{q.id} on {backend}, SQLAlchemy {version}: "
                      f"run `proofbank verify {q.id}` in that version's environment to see the report",
                      highlight=False)


def render_history(console: Console, matrix: Matrix) -> None:
    """Per question, the releases it holds on and where it changed (after a sweep)."""
    console.print(f"[bold]Releases each question holds on[/] (of {len(matrix.versions)}: "
                  f"{matrix.versions[0]} … {matrix.versions[-1]})" if matrix.versions else "No releases ran.",
                  highlight=False)
    everywhere = 0
    for row in matrix.rows:
        history = question_history(matrix, row, matrix.known_releases)
        if len(history["holds_on"]) == len(matrix.versions) and not history["changes"]:
            everywhere += 1
            continue
        q = row.question.question
        spans = ", ".join(history["spans"]) or "none"
        console.print(f"  {q.domain}/{q.id}: holds on {spans}", highlight=False)
        for line in describe_changes(history):
            console.print(f"    {line}", highlight=False)
    console.print(f"  {everywhere} of {len(matrix.rows)} questions hold on every release that ran, unchanged.",
                  highlight=False)

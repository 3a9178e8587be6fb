"""``proofbank show``: a question as a learner reads it, with its proof and the SQL each line of it sent."""

from __future__ import annotations

import json
from pathlib import Path

from rich.console import Console
from rich.markdown import Markdown
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table

from ..proofview import build_proof_view
from ..proofview.terminal import claims_table, facts_table, proof_view_renderable
from .bank import QuestionFileError, iter_question_paths, load_question
from .records import read_record


class QuestionNotFound(Exception):
    pass


def show_question(console: Console, root: Path, question_id: str, record_dir: Path) -> None:
    """Print the question, key, explanations, proof source and each backend's recorded SQL."""
    paths = [p for p in iter_question_paths(root / "bank") if p.stem == question_id]
    if not paths:
        raise QuestionNotFound(f"no question with id {question_id!r} under {root / 'bank'}")
    try:
        question_file = load_question(paths[0])
    except QuestionFileError as error:
        raise QuestionNotFound(f"{paths[0]} cannot be read:\n{error}") from None
    q = question_file.question
    console.rule(f"[bold]{q.domain}/{q.id}[/]  ({q.level}; {', '.join(q.tags)})")
    if q.title:
        console.print(f"[bold]{escape(q.title)}[/]")
    console.print(Markdown(q.question))
    options = Table(show_header=q.has_version_keys, box=None, padding=(0, 1))
    if q.has_version_keys:  # one key column per version range
        for item in q.keys:
            options.add_column(f"key {item.spec}")
        options.add_column("")
        options.add_column("option")
        options.add_column("why")
    for letter, text in q.options.items():
        marks = ["[green]✔[/]" if letter in item.key else " " for item in q.keys]
        options.add_row(*marks, f"[bold]{letter}[/]", Markdown(text), Markdown(q.why[letter]))
    console.print(Panel(options, title="options, key and why"))
    console.print(Panel(Markdown(q.explanation), title="explanation"))
    console.print("References: " + "  ".join(q.references))
    console.print(f"Claimed for SQLAlchemy {q.sqlalchemy} on {', '.join(q.backends)}")
    versions = matrix_line(record_dir.parent / "matrix.json", q.id)
    if versions:
        console.print(versions, highlight=False)
    for line in release_lines(record_dir.parent, q.id):
        console.print(line, highlight=False)
    source = question_file.proof_path.read_text(encoding="utf-8")
    records = {}
    for backend in q.backends:
        try:
            record = read_record(record_dir, q.domain, q.id, backend)
        except (OSError, ValueError) as error:  # RecordUnreadable says which file and why
            console.print(f"[yellow]{backend}: {error}[/]", highlight=False)
            continue
        if not isinstance(record, dict):
            console.print(f"[yellow]{backend}: no record yet[/]: run `proofbank verify {q.id}`")
            continue
        records[backend] = record
        console.print(f"{backend}: {record.get('status')}, {record.get('server_version')}, "
                      f"SQLAlchemy {record.get('sqlalchemy_version')}, {record.get('recorded_at')}", highlight=False)
    proof_path = str(question_file.proof_path.relative_to(root))
    view = build_proof_view(proof_path, source, records, q.backends)
    console.rule(f"{proof_path}: each line with the SQL it sent (setup folded)")
    console.print(proof_view_renderable(view, source))
    console.print(facts_table(view))
    claims = claims_table(view)
    if claims is not None:
        console.print(claims)


def release_lines(state: Path, question_id: str) -> list[str]:
    """The releases the question holds on and where it changed, from the matrix record and bisect's findings."""
    from .matrix.bisect_command import read_history
    from .matrix.history import release_notes

    try:
        entry = json.loads((state / "matrix.json").read_text(encoding="utf-8"))["questions"][question_id]
    except (OSError, ValueError, KeyError, TypeError):
        entry = None
    return release_notes(entry, read_history(state / "history.json").get(question_id))


def matrix_line(path: Path, question_id: str) -> str | None:
    """What the last `proofbank matrix` saw of this question, per SQLAlchemy version, in one line."""
    try:
        cells = json.loads(path.read_text(encoding="utf-8"))["questions"][question_id]["cells"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    parts = []
    for version, backends in cells.items():
        shown = ", ".join(f"{backend} {cell['status']}" for backend, cell in backends.items())
        parts.append(f"{version}: {shown}")
    return "Last version matrix: " + "; ".join(parts)

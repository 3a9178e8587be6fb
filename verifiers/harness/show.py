"""``proofbank show``: a question as a learner reads it, with its proof and the SQL it emitted."""

from __future__ import annotations

import json
from pathlib import Path

from rich.console import Console, Group
from rich.markdown import Markdown
from rich.panel import Panel
from rich.syntax import Syntax
from rich.table import Table

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
    source = question_file.proof_path.read_text(encoding="utf-8")
    console.print(Panel(Syntax(source, "python", line_numbers=True), title=str(question_file.proof_path.relative_to(root))))
    for backend in q.backends:
        record = read_record(record_dir, q.domain, q.id, backend)
        if record is None:
            console.print(f"[yellow]{backend}: no record yet[/]: run `proofbank verify {q.id}`")
            continue
        console.print(Panel(_record_view(record), title=f"{backend}: {record['status']}, {record['server_version']}, "
                                                          f"SQLAlchemy {record['sqlalchemy_version']}, {record['recorded_at']}"))


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


def _record_view(record: dict) -> Group:
    facts = Table(show_header=False, box=None)
    for fact in record["facts"]:
        facts.add_row(f"[bold]{fact['label']}[/]", str(fact["value"]))
    sql = "\n".join(f"-- {s['seq']} {s['connection']} {s['kind']}\n{s['statement']};" for s in record["sql"])
    return Group(facts, Syntax(sql or "-- no SQL", "sql", word_wrap=True))

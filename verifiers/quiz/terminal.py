"""The practice exam in the terminal: ask, score, review, retake.

Everything the learner types goes through one ``ask(prompt) -> str``
function (``console.input`` by default), which raises EOFError on Ctrl-D and
KeyboardInterrupt on Ctrl-C; either ends the exam and scores what was answered.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rich.console import Console, Group
from rich.markdown import Markdown
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table

from verifiers.harness.bank import QuestionFile, display_path
from verifiers.harness.records import read_record
from verifiers.proofview import build_proof_view
from verifiers.proofview.terminal import claims_table, facts_table, proof_view_renderable

from . import history as past
from .exam import Answer, AnswerError, DomainScore, Exam, is_select_all, parse_answer, pick_questions, total_score

Ask = Callable[[str], str]
Clock = Callable[[], float]

_ENDINGS = {
    "finished": "All questions answered.",
    "stopped": "Exam stopped: the questions you answered are scored, the rest count as unanswered.",
    "time": "Time is up: the exam ended at the limit; answers given after it are not counted.",
}


def now() -> float:
    """The exam clock (a module attribute so tests can move time on)."""
    return time.monotonic()


@dataclass
class QuizSession:
    """One sitting at the terminal: an exam, then review, retake or a new exam, until quit."""

    console: Console
    root: Path
    record_dir: Path
    pool: Sequence[QuestionFile]
    count: int
    sqlalchemy_version: str
    domains: list[str]
    time_limit: float | None = None  # seconds
    seed: int | None = None
    history_path: Path | None = None  # None: keep no history
    ask: Ask | None = None
    exams: list[Exam] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.ask is None:
            self.ask = self.console.input

    def run(self) -> None:
        """Exams until the learner quits; each one scored, saved and offered for review."""
        new_exams = 0
        questions = self._select(self.seed)
        attempt = 1
        while True:
            exam = Exam(questions, self.sqlalchemy_version, started=now(), time_limit=self.time_limit)
            self.exams.append(exam)
            self.take(exam)
            self.show_scores(exam)
            self._save(exam, attempt)
            if self._choose("Review your answers with their proofs? [y/n]", "yn") == "y":
                self.review(exam)
            choice = self._choose("r: retake these questions · n: new exam · q: quit", "rnq")
            if choice == "r":
                attempt += 1
            elif choice == "n":
                new_exams += 1
                questions = self._select(None if self.seed is None else self.seed + new_exams)
                attempt = 1
            else:
                return

    def _select(self, seed: int | None) -> tuple[QuestionFile, ...]:
        selection = pick_questions(self.pool, self.count, seed)
        if selection.short:
            self.console.print(f"[yellow]Only {selection.available} question(s) are available in "
                               f"{', '.join(self.domains)}; the exam uses all {selection.available}.[/]")
        return selection.questions

    # -- taking the exam -------------------------------------------------------------------------

    def take(self, exam: Exam) -> None:
        """Ask every question in turn until the last, Ctrl-C/Ctrl-D, or the time limit."""
        total = len(exam.questions)
        limit = "" if exam.time_limit is None else f", time limit {_clock_text(exam.time_limit)}"
        self.console.print(f"\n[bold]{total} question(s)[/] from {', '.join(self.domains)}{limit}, "
                           f"keys for SQLAlchemy {exam.sqlalchemy_version}. Type the letter(s) of your answer; "
                           "? for help; Ctrl-C or Ctrl-D ends the exam and scores what you answered.")
        while (qf := exam.current) is not None:
            if exam.out_of_time(now()):
                exam.stop("time")
                break
            self._show_question(exam, qf)
            try:
                given = self._read_answer(qf)
            except (EOFError, KeyboardInterrupt):
                self.console.print()
                exam.stop("stopped")
                break
            answer = exam.answer(given, now())
            if answer.late:
                self.console.print("[red]That answer came after the time limit, so it is not counted.[/]")
        self.console.print(f"\n[bold]{_ENDINGS[exam.ended_by or 'stopped']}[/]")

    def _show_question(self, exam: Exam, qf: QuestionFile) -> None:
        q = qf.question
        number = len(exam.answers) + 1
        left = exam.time_left(now())
        timer = "" if left is None else f" · {_clock_text(left)} left"
        self.console.rule(f"[bold]Question {number} of {len(exam.questions)}[/] · {q.domain} · {q.level}{timer}")
        if q.title:
            self.console.print(f"[bold]{escape(q.title)}[/]")
        self.console.print(Markdown(q.question))
        if q.has_version_keys:
            self.console.print(f"[cyan]The answer changed between SQLAlchemy releases: you are scored on the key "
                               f"for SQLAlchemy {escape(exam.sqlalchemy_version)}.[/]")
        options = Table(show_header=False, box=None, padding=(0, 1))
        for letter, text in q.options.items():
            options.add_row(f"[bold]{letter}[/]", Markdown(text))
        self.console.print(options)

    def _read_answer(self, qf: QuestionFile) -> frozenset[str]:
        letters = list(qf.question.options)
        select_all = is_select_all(qf.question)
        prompt = "Your answers (every letter that holds): " if select_all else "Your answer (one letter): "
        while True:
            assert self.ask is not None
            text = self.ask(prompt).strip()
            if text in {"", "?"}:
                self.console.print(f"[cyan]{escape(_hint(letters, select_all))}[/]")
                continue
            try:
                return parse_answer(text, letters, select_all)
            except AnswerError as error:
                self.console.print(f"[yellow]{escape(str(error))}[/]. Type ? for help.")

    # -- after the exam --------------------------------------------------------------------------

    def show_scores(self, exam: Exam) -> None:
        """The score per domain and in total."""
        scores = exam.scores()
        self.console.print(score_table(scores, title="Your score"))
        late = sum(a.late for a in exam.answers)
        if late:
            self.console.print(f"{late} answer(s) came after the time limit and are not counted.")

    def _save(self, exam: Exam, attempt: int) -> None:
        if self.history_path is None:
            return
        if not exam.answers:
            self.console.print("Nothing was answered, so nothing is kept in the history.")
            return
        entry = past.exam_entry(exam, seed=self.seed, domains=self.domains, attempt=attempt)
        try:
            saved = past.append_exam(self.history_path, entry)
        except past.HistoryError as error:
            self.console.print(f"[red]This exam's score was not saved: {escape(str(error))}[/]")
            return
        if saved.notice:
            self.console.print(f"[red]{escape(saved.notice)}[/]")
        self.console.print(f"Saved to {self.history_path} ({len(saved.exams)} exam(s) so far; "
                           "`proofbank quiz --past` lists them).")

    def review(self, exam: Exam) -> None:
        """Each question with your answer, the key, the explanation, why for each option, the proof and its SQL."""
        results = exam.results
        by_id = {qf.question.id: qf for qf in exam.questions}
        for number, answer in enumerate(results, 1):
            self.console.rule(f"[bold]Review {number} of {len(results)}[/] · {answer.question.domain}/"
                              f"{answer.question.id} · {_verdict_text(answer)}")
            self.console.print(review_view(answer, by_id[answer.question.id], self.root, self.record_dir))
            if number < len(results) and self._choose("Enter: next question · q: end the review", "q", default="n") == "q":
                return

    def _choose(self, prompt: str, choices: str, default: str | None = None) -> str:
        """One of ``choices`` (lower-case letters); Ctrl-C or Ctrl-D means the last choice, or quit."""
        assert self.ask is not None
        while True:
            try:
                text = self.ask(f"{escape(prompt)} ").strip().lower()
            except (EOFError, KeyboardInterrupt):
                self.console.print()
                return "q" if "q" in choices else "n"
            if not text and default is not None:
                return default
            if len(text) == 1 and text in choices:
                return text
            enter = ", or just Enter" if default is not None else ""
            self.console.print(f"[yellow]Type one of: {', '.join(choices)}{enter}[/]")


def _hint(letters: list[str], select_all: bool) -> str:
    if select_all:
        return (f"Select all that apply: type every letter whose statement holds, e.g. \"{letters[0].lower()}, "
                f"{letters[2].lower()}\" or \"{letters[0].lower()}{letters[2].lower()}\". Options: {', '.join(letters)}.")
    return f"Type the letter of the one statement that holds, e.g. \"{letters[1].lower()}\". Options: {', '.join(letters)}."


def _clock_text(seconds: float) -> str:
    whole = int(seconds + 0.999)
    return f"{whole // 60}:{whole % 60:02d}"


def _verdict_text(answer: Answer) -> str:
    if answer.given is None:
        return "[yellow]not answered[/]"
    if answer.late:
        return "[yellow]too late, not counted[/]"
    return "[green]right[/]" if answer.correct else "[red]wrong[/]"


def _letters(letters: frozenset[str] | None) -> str:
    return "—" if not letters else ", ".join(sorted(letters))


def score_table(scores: list[DomainScore], title: str) -> Table:
    """Asked, answered, right and the score for each domain, and a total row."""
    table = Table(title=title)
    for column in ("domain", "asked", "answered", "right", "score"):
        table.add_column(column, justify="left" if column == "domain" else "right")
    for score in [*scores, total_score(scores)]:
        percent = "—" if score.percent is None else f"{score.percent:.0f}%"
        style = "bold" if score.domain == "total" else None
        table.add_row(score.domain, str(score.asked), str(score.answered), str(score.correct), percent, style=style)
    return table


def review_view(answer: Answer, qf: QuestionFile, root: Path, record_dir: Path) -> Group:
    """One question as reviewed after the exam."""
    q = qf.question
    options = Table(box=None, padding=(0, 1))
    for column in ("", "key", "you", "option", "why"):
        options.add_column(column)
    for letter, text in q.options.items():
        options.add_row(f"[bold]{letter}[/]", "[green]✔[/]" if letter in answer.key else "",
                        "●" if answer.given and letter in answer.given else "", Markdown(text), Markdown(q.why[letter]))
    parts: list[Any] = [
        Markdown(q.question),
        options,
        f"Your answer: [bold]{_letters(answer.given)}[/]   key: [bold]{_letters(answer.key)}[/]   {_verdict_text(answer)}",
        Panel(Markdown(q.explanation), title="explanation"),
    ]
    if q.has_version_keys:
        parts.append("Keys per SQLAlchemy release: " + "; ".join(
            f"{escape(k.spec)}: {_letters(k.key)}" for k in q.keys))
    records, troubles = run_records(record_dir, q.domain, q.id, q.backends)
    parts.extend(f"[yellow]{escape(t)}[/]" for t in troubles)
    for backend, record in records.items():
        status = str(record.get("status", "?"))
        line = escape(f"{backend}: {status}, {record.get('server_version', '')}, SQLAlchemy "
                      f"{record.get('sqlalchemy_version', '?')}, {record.get('recorded_at', '')}")
        if status != "passed":
            line += (f" [yellow]This run did not pass ({escape(status)}): its SQL may not show what the key "
                     "claims. Run `proofbank verify` again.[/]")
        parts.append(line)
    proof_path = display_path(qf.proof_path, root)
    try:
        source = qf.proof_path.read_text(encoding="utf-8")
    except OSError:
        parts.append(f"Proof: {proof_path} [yellow](cannot be read)[/]")
        return Group(*parts)
    view = build_proof_view(proof_path, source, records, q.backends)
    parts.append(Panel(proof_view_renderable(view, source),
                       title=escape(f"Proof: {proof_path}, each line with the SQL it sent (setup folded)")))
    if records:
        parts.append(facts_table(view))
    claims = claims_table(view)
    if claims is not None:
        parts.append(claims)
    return Group(*parts)


def run_records(record_dir: Path, domain: str, question_id: str,
                backends: Sequence[str]) -> tuple[dict[str, dict[str, Any]], list[str]]:
    """The latest run record of the question on each backend that has one, and what stood in the way of the others."""
    found: dict[str, dict[str, Any]] = {}
    unreadable: list[str] = []
    for backend in backends:
        try:
            record = read_record(record_dir, domain, question_id, backend)
        except (OSError, UnicodeDecodeError, ValueError):  # RecordUnreadable is a ValueError
            unreadable.append(str(record_dir / domain / question_id / f"{backend}.json"))
            continue
        if isinstance(record, dict) and record.get("id") == question_id and isinstance(record.get("sql"), list):
            found[backend] = record
    troubles = []
    if not found:
        troubles.append("no run record; run `proofbank verify` first")
    if unreadable:
        troubles.append(f"cannot read {', '.join(unreadable)}")
    return found, troubles


def past_exams_table(exams: list[dict[str, Any]], limit: int = 20) -> Table:
    """The latest ``limit`` exams from the history: when, what, the score per domain and in total."""
    table = Table(title=f"Past exams (latest {min(limit, len(exams))} of {len(exams)})")
    for column in ("finished", "ended", "domain scores", "total"):
        table.add_column(column)
    for entry in exams[-limit:]:
        scores = past.scores_of(entry)
        total = total_score(scores)
        per_domain = "  ".join(f"{s.domain} {s.correct}/{s.asked}" for s in scores)
        percent = "" if total.percent is None else f" ({total.percent:.0f}% of answered)"
        table.add_row(str(entry.get("finished_at", "?")), str(entry.get("ended_by", "?")), per_domain,
                      f"{total.correct}/{total.asked}{percent}")
    return table

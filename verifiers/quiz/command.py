"""``proofbank quiz``: read the options, load the questions, and hand them to the terminal session."""

from __future__ import annotations

from pathlib import Path

import click
import sqlalchemy
from rich.console import Console

from verifiers.harness.bank import QuestionFileError
from verifiers.harness.schema import DOMAINS

from .history import HistoryError, history_path, load_history
from .pool import load_pool
from .terminal import QuizSession, past_exams_table


@click.command()
@click.option("--domain", "domains", multiple=True, type=click.Choice(DOMAINS),
              help="ask questions from this domain (repeatable; default: all)")
@click.option("--count", type=click.IntRange(min=1), default=10, show_default=True, help="number of questions")
@click.option("--time-limit", type=click.FloatRange(min=0, min_open=True), default=None, metavar="MINUTES",
              help="answers given after this many minutes are not counted, and the exam ends")
@click.option("--seed", type=int, default=None, help="the same seed picks the same questions in the same order")
@click.option("--history/--no-history", default=True, show_default=True,
              help="keep this exam's score in the quiz history ($PROOFBANK_HOME or ~/.local/share/proofbank)")
@click.option("--past", is_flag=True, help="list the scores of past exams and exit")
@click.option("--records", "record_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="run records to show SQL from in the review (default .proofbank/records)")
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="the project's root (default: found from the current folder)")
def quiz(domains: tuple[str, ...], count: int, time_limit: float | None, seed: int | None, history: bool,
         past: bool, record_dir: Path | None, root: Path | None) -> None:
    """A practice exam in the terminal: answer, get a score per domain, review each answer with its proof."""
    console = Console()
    if past:
        try:
            kept = load_history(history_path())
        except HistoryError as error:
            raise click.ClickException(str(error)) from None
        if kept.notice:
            click.echo(kept.notice, err=True)
        if not kept.exams:
            click.echo(f"no past exams in {kept.path}")
            return
        console.print(past_exams_table(kept.exams))
        return
    from verifiers.harness.cli import find_root  # the command group imports this module

    root = (root or find_root()).resolve()
    chosen = list(domains) or list(DOMAINS)
    try:
        pool = load_pool(root / "bank", chosen, sqlalchemy.__version__)
    except QuestionFileError as error:
        shown = "\n".join(p.render(root) for p in error.problems)
        raise click.ClickException(f"the bank has question files that cannot be read:\n{shown}\n"
                                   "fix them first (`proofbank lint` lists every problem)") from None
    if pool.outside:
        click.echo(f"{len(pool.outside)} question(s) make no claim for SQLAlchemy {sqlalchemy.__version__} "
                   f"and are left out: {', '.join(qf.question.id for qf in pool.outside)}")
    if not pool.questions:
        raise click.ClickException(f"no question in {', '.join(chosen)} has a key for SQLAlchemy {sqlalchemy.__version__}")
    session = QuizSession(console=console, root=root, record_dir=record_dir or root / ".proofbank" / "records",
                          pool=pool.questions, count=count, sqlalchemy_version=sqlalchemy.__version__,
                          domains=chosen, time_limit=None if time_limit is None else time_limit * 60, seed=seed,
                          history_path=history_path() if history else None)
    session.run()

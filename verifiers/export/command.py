"""``proofbank export``: choose questions, build their export model once, and write one format."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import click
import sqlalchemy
from packaging.version import InvalidVersion, Version

from ..harness.bank import display_path
from ..harness.schema import DOMAINS
from .anki import write_anki
from .gift import write_gift
from .model import ExportQuestion, NoKeyForVersion, export_question
from .moodle import write_moodle_xml
from .qti import write_qti
from .selection import SelectionError, select
from .udemy import write_udemy_csv


@dataclass(frozen=True)
class Format:
    writer: Callable[[Sequence[ExportQuestion], Path], None]
    filename: str  # default output file, in build/export/
    about: str


FORMATS = {
    "udemy-csv": Format(write_udemy_csv, "proofbank-udemy.csv", "Udemy practice test bulk upload (CSV)"),
    "moodle-xml": Format(write_moodle_xml, "proofbank-moodle.xml", "Moodle XML quiz file"),
    "gift": Format(write_gift, "proofbank-gift.txt", "GIFT (Moodle's text format)"),
    "qti": Format(write_qti, "proofbank-qti.zip", "QTI 1.2 content package (Canvas)"),
    "anki": Format(write_anki, "proofbank.apkg", "Anki deck package"),
}


@dataclass
class ExportPlan:
    """The questions to write, and the ones left out with the reason."""

    questions: list[ExportQuestion]
    unproved: list[ExportQuestion]
    no_key: list[str]


def plan_export(root: Path, record_dir: Path, version: str, site_url: str | None, include_unverified: bool,
                domains: Sequence[str] = (), keyword: str | None = None, ids: Sequence[str] = ()) -> tuple[ExportPlan, list[str]]:
    """What an export would write, and notes on the files that do not load."""
    selection = select(root, domains, keyword, ids)
    plan = ExportPlan([], [], [])
    for qf in selection.questions:
        try:
            question = export_question(qf, record_dir, version, site_url)
        except NoKeyForVersion as error:
            plan.no_key.append(str(error))
            continue
        (plan.questions if question.proved or include_unverified else plan.unproved).append(question)
    return plan, [f"left out {path}: it does not load (run `proofbank lint`)" for path in selection.broken]


@click.command()
@click.option("--format", "format_name", required=True, type=click.Choice(sorted(FORMATS)),
              help="; ".join(f"{name}: {f.about}" for name, f in FORMATS.items()))
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="the file to write (default build/export/<name for the format>)")
@click.option("--domain", "domains", multiple=True, type=click.Choice(DOMAINS), help="only this domain (repeatable)")
@click.option("-k", "keyword", help="keyword expression, as pytest's -k: an id, a domain, a level, a tag, ...")
@click.option("--sqlalchemy", "version", default=sqlalchemy.__version__, show_default="the installed version",
              help="publish each question's key for this SQLAlchemy version")
@click.option("--site-url", default=None, help="the learner site's address: each question links to its page there")
@click.option("--include-unverified", is_flag=True,
              help="also publish questions whose latest runs did not prove the key (they say so)")
@click.option("--records", "record_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="the run records that prove the answers (default .proofbank/records)")
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="the project's root (default: found from the current folder)")
@click.argument("ids", nargs=-1)
def export(format_name: str, out: Path | None, domains: tuple[str, ...], keyword: str | None, version: str,
           site_url: str | None, include_unverified: bool, record_dir: Path | None, root: Path | None,
           ids: tuple[str, ...]) -> None:
    """Export the proven bank (or the questions IDS) for Udemy, Moodle, Canvas or Anki."""
    from verifiers.harness.cli import find_root  # the command group imports this module

    started = time.perf_counter()
    try:
        Version(version)
    except InvalidVersion:
        raise click.BadParameter(f"{version!r} is not a version, e.g. 2.0.44", param_hint="--sqlalchemy") from None
    root = (root or find_root()).resolve()
    chosen = FORMATS[format_name]
    out = out or root / "build" / "export" / chosen.filename
    try:
        plan, notes = plan_export(root, record_dir or root / ".proofbank" / "records", version, site_url,
                                  include_unverified, domains, keyword, ids)
    except SelectionError as error:
        raise click.ClickException(str(error)) from None
    for note in notes:
        click.echo(f"note: {note}", err=True)
    _say_left_out(plan, version)
    if not plan.questions:
        raise click.ClickException(f"nothing to export: no selected question is proved for SQLAlchemy {version}"
                                   + ("" if include_unverified else " (--include-unverified publishes them anyway)"))
    out.parent.mkdir(parents=True, exist_ok=True)
    chosen.writer(plan.questions, out)
    unproved = sum(not q.proved for q in plan.questions)
    count = f"{len(plan.questions)} question{'' if len(plan.questions) == 1 else 's'}"
    click.echo(f"Wrote {count} ({unproved} not proved) for SQLAlchemy {version} as "
               f"{format_name} to {display_path(out)} ({out.stat().st_size:,} bytes) in "
               f"{time.perf_counter() - started:.2f} s")


def _say_left_out(plan: ExportPlan, version: str) -> None:
    if plan.unproved:
        click.echo(f"left out {len(plan.unproved)} question(s) whose answer is not proved for SQLAlchemy {version} "
                   f"(`proofbank verify` them, or pass --include-unverified):", err=True)
        for q in plan.unproved:
            click.echo(f"  {q.domain}/{q.id}: {'; '.join(q.unproved)}", err=True)
    if plan.no_key:
        click.echo(f"left out {len(plan.no_key)} question(s) with no key for SQLAlchemy {version}:", err=True)
        for reason in plan.no_key:
            click.echo(f"  {reason}", err=True)

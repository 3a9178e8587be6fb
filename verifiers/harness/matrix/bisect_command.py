"""``proofbank bisect``: name the first SQLAlchemy release where a question's outcome changed, and cite the
changelog entry that most plausibly explains it.

Each probed release runs the question in its own cached environment (the matrix's), so a release is
installed once whatever the number of questions; the findings are written to ``.proofbank/history.json``,
which ``proofbank show`` and the learner pages read.
"""

from __future__ import annotations

import datetime
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import click
from packaging.specifiers import SpecifierSet
from packaging.version import Version
from rich.console import Console

from ..bank import QuestionFile
from ..records import RecordUnreadable, read_record
from ..schema import BACKENDS
from .bisect import FirstChange, Outcome, Unavailable, bisect as bisect_versions
from .changelog import Match, best_match, entries_between, load_changelog, names_in, tickets_in
from .command import load_bank, versions_at_hand
from .execution import bank_command
from .releases import ReleaseError, released_versions
from .venvs import EnvironmentFailed, environment_for

HISTORY_VERSION = 1


def history_path(root: Path) -> Path:
    return root / ".proofbank" / "history.json"


def read_history(path: Path) -> dict[str, Any]:
    """The bisection findings by question id (empty when there are none or the file is not readable)."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(document, dict) or document.get("history_version") != HISTORY_VERSION:
        return {}
    questions = document.get("questions")
    return questions if isinstance(questions, dict) else {}


def write_history(path: Path, found: dict[str, Any]) -> None:
    document = {"history_version": HISTORY_VERSION, "questions": {**read_history(path), **found}}
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(document, indent=1) + "\n", encoding="utf-8")
    temporary.replace(path)


def changed_in_matrix(path: Path) -> list[str]:
    """The ids the matrix record reports as changed between releases."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    ids = {d.get("id") for d in document.get("differences") or [] if isinstance(d, dict)}
    ids |= {d.get("id") for d in document.get("verdict_changes") or [] if isinstance(d, dict)}
    return sorted(i for i in ids if isinstance(i, str))


class QuestionProbe:
    """Runs one question under one release (in that release's environment) and reads what it observed."""

    def __init__(self, root: Path, question: QuestionFile, backends: list[str], console: Console) -> None:
        self.root, self.question, self.backends, self.console = root, question, backends, console
        self.cache = root / ".proofbank" / "venvs"
        self.out = root / ".proofbank" / "bisect"

    def __call__(self, version: str) -> dict[str, Outcome]:
        q = self.question.question
        try:
            with self.console.status(f"{q.id}: environment for SQLAlchemy {version} ..."):
                environment = environment_for(version, self.root, self.cache)
        except EnvironmentFailed as error:
            raise Unavailable(f"could not be installed: {str(error).splitlines()[0]}") from None
        records = self.out / "records" / version
        shutil.rmtree(records / q.domain / q.id, ignore_errors=True)
        records.mkdir(parents=True, exist_ok=True)
        command = bank_command(environment, records, ["--backend", ",".join(self.backends)],
                               [str(self.question.path.relative_to(self.root))])
        with self.console.status(f"{q.id}: running on SQLAlchemy {version} ..."):
            finished = subprocess.run(command, cwd=self.root, capture_output=True, text=True, stdin=subprocess.DEVNULL)
        outcomes = {}
        for backend in self.backends:
            try:
                record = read_record(records, q.domain, q.id, backend)
            except RecordUnreadable:
                record = None
            if record is None:
                continue
            options = record.get("options")
            holding = tuple(sorted(k for k, row in options.items() if row.get("observed"))) if options else None
            outcomes[backend] = Outcome(record.get("status", "error"), holding)
        if not outcomes and finished.returncode not in (0, 1, 5):
            tail = (finished.stdout + finished.stderr).strip().splitlines()[-3:]
            raise Unavailable("pytest could not run there: " + " / ".join(tail))
        self.console.print(f"  {q.id} on SQLAlchemy {version}: "
                           + "; ".join(f"{b} {o.describe()}" for b, o in outcomes.items()), highlight=False)
        return outcomes


def releases_for(question: QuestionFile, available: list[str], low: str | None, high: str | None) -> list[str]:
    """The available releases the question claims, between ``low`` and ``high`` inclusive when given."""
    claimed = SpecifierSet(question.question.sqlalchemy)
    chosen = [v for v in available if claimed.contains(v)]
    if low:
        chosen = [v for v in chosen if Version(v) >= Version(low)]
    if high:
        chosen = [v for v in chosen if Version(v) <= Version(high)]
    return sorted(chosen, key=Version)


def explain(question: QuestionFile, change: FirstChange, entries: list) -> Match | None:
    q = question.question
    text = "\n".join([q.question, *q.options.values(), q.explanation, *q.why.values(), *q.references])
    try:
        proof = question.proof_path.read_text(encoding="utf-8")
    except OSError:
        proof = ""
    candidates = entries_between(entries, change.last_same, change.first_changed)
    focus = {w.lower() for w in re.findall(r"[A-Za-z_]+", f"{q.id.replace('-', ' ')} {q.title or ''}")}
    return best_match(candidates, entries, tickets_in(text), names_in(text, loose=True), names_in(proof), focus)


def finding_json(change: FirstChange, match: Match | None, entries_known: bool) -> dict[str, Any]:
    return {
        "last_same": change.last_same, "first_changed": change.first_changed,
        "before": change.before.describe() if change.before else None,
        "after": change.after.describe() if change.after else None,
        "options": list(change.flipped), "untested": list(change.untested), "note": change.note,
        "changelog": ({"version": match.entry.version, "tickets": list(match.entry.tickets), "why": match.why,
                       "link": match.entry.link, "ticket_links": list(match.entry.ticket_links),
                       "summary": match.entry.summary()} if match else None),
        "changelog_searched": entries_known,
    }


def render_finding(console: Console, question_id: str, backend: str, finding: dict[str, Any]) -> None:
    if not finding["first_changed"]:
        console.print(f"  {backend}: no change found ({finding['note']})", highlight=False)
        return
    options = f", option(s) {', '.join(finding['options'])} flipped" if finding["options"] else ""
    console.print(f"  {backend}: first changed in [bold]{finding['first_changed']}[/] (still as before in "
                  f"{finding['last_same']}){options}: {finding['before']} → {finding['after']}", highlight=False)
    if finding["note"]:
        console.print(f"    {finding['note']}", highlight=False)
    entry = finding["changelog"]
    if entry:
        tickets = ", ".join(f"#{t}" for t in entry["tickets"]) or "no ticket"
        console.print(f"    changelog {entry['version']} ({tickets}; matched by {entry['why']}): {entry['summary']}",
                      highlight=False)
        console.print(f"    {entry['link']}", highlight=False)
    elif finding["changelog_searched"]:
        console.print("    no changelog entry of those releases plausibly explains it (none found)", highlight=False)
    else:
        console.print("    the changelog could not be read, so no entry is cited", highlight=False)


@click.command()
@click.argument("ids", nargs=-1)
@click.option("--changed", is_flag=True, help="every question the matrix record reports as changed between releases")
@click.option("--from", "low", metavar="VERSION", help="the oldest release to try (default: the oldest the question claims)")
@click.option("--to", "high", metavar="VERSION", help="the newest release to try (default: the newest it claims)")
@click.option("--backend", help=f"comma-separated backends (default: every backend the question covers)")
@click.option("--offline", is_flag=True, help="bisect over the environments already built instead of PyPI's list")
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="the project's root (default: found from the current folder)")
def bisect(ids: tuple[str, ...], changed: bool, low: str | None, high: str | None, backend: str | None,
           offline: bool, root: Path | None) -> None:
    """Find, by bisection over SQLAlchemy's releases, the first release where each question's verdict or any
    option's observed truth changed, per backend, and cite the changelog entry that most plausibly explains it.
    Findings go to .proofbank/history.json, which `proofbank show` and the learner pages read."""
    from ..cli import find_root
    from ..docsources import DocSourcesUnavailable, doc_sources, docs_cache

    root = (root or find_root()).resolve()
    console = Console()
    bank = {qf.question.id: qf for qf in load_bank(root)}
    wanted = list(ids) + (changed_in_matrix(root / ".proofbank" / "matrix.json") if changed else [])
    if not wanted:
        raise click.UsageError("name question ids, or --changed for every question the matrix reports as changed")
    unknown = [i for i in wanted if i not in bank]
    if unknown:
        raise click.ClickException(f"no question with id {', '.join(unknown)} in {root / 'bank'}")
    try:
        available = versions_at_hand(root / ".proofbank" / "venvs") if offline else released_versions()
    except ReleaseError as error:
        raise click.ClickException(str(error)) from None
    newest = max(available, key=Version)
    try:
        entries = load_changelog(doc_sources("sqlalchemy", newest, docs_cache(root)))
    except DocSourcesUnavailable as error:
        console.print(f"note: the changelog of SQLAlchemy {newest} could not be read ({error})", highlight=False)
        entries = []
    found: dict[str, Any] = {}
    for question_id in dict.fromkeys(wanted):
        question = bank[question_id]
        chosen = [b for b in (backend.split(",") if backend else BACKENDS) if b in question.question.backends]
        versions = releases_for(question, available, low, high)
        if len(versions) < 2:
            console.print(f"[yellow]{question_id}[/]: fewer than two releases to compare in its range", highlight=False)
            continue
        console.print(f"[bold]{question.question.domain}/{question_id}[/]: bisecting {len(versions)} releases "
                      f"{versions[0]} … {versions[-1]} on {', '.join(chosen)}", highlight=False)
        changes, probes = bisect_versions(versions, QuestionProbe(root, question, chosen, console), chosen)
        findings = {c.backend: finding_json(c, explain(question, c, entries) if c.first_changed else None,
                                            bool(entries)) for c in changes}
        console.print(f"{question_id}: {probes.runs} run(s) for {len(versions)} releases", highlight=False)
        for version, why in probes.unavailable.items():
            console.print(f"  [yellow]skipped[/] SQLAlchemy {version}: {why}", highlight=False)
        for name, finding in findings.items():
            render_finding(console, question_id, name, finding)
        found[question_id] = {"range": [versions[0], versions[-1]], "runs": probes.runs,
                              "unavailable": probes.unavailable, "backends": findings,
                              "bisected_at": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")}
    write_history(history_path(root), found)
    console.print(f"findings: {history_path(root)}", highlight=False)
    sys.exit(0)

"""``proofbank matrix``: choose releases, get their environments, run the bank in each, report."""

from __future__ import annotations

import sys
from pathlib import Path

from packaging.version import Version

import click
import sqlalchemy
from rich.console import Console

from ..bank import QuestionFileError, iter_question_paths, load_question
from ..schema import BACKENDS
from .execution import records_complete, run_all
from .releases import (OLDEST_CLAIMED, RELEASE_LINES, Release, ReleaseError, oldest_claimed, released_versions,
                       releases_in, resolve)
from .render import render_differences, render_history, render_matrix, render_problems, render_runs
from .shards import Shard, ShardError, take, units
from .table import build_matrix, write_matrix
from .venvs import STAMP, Environment, EnvironmentFailed, environment_for


def versions_at_hand(cache: Path) -> list[str]:
    """Offline choice: the SQLAlchemy of this interpreter and of every complete cached environment."""
    found = {sqlalchemy.__version__}
    if cache.is_dir():
        found |= {p.name.removeprefix("sqlalchemy-") for p in cache.glob("sqlalchemy-*") if (p / STAMP).is_file()}
    return sorted(found)


def choose_releases(requested: list[str], offline: bool, cache: Path, declared: list[str] = (),
                    sweep: str | None = None, available: list[str] | None = None) -> list[Release]:
    """The releases to prove on; the request ``oldest`` is the oldest release that a question of ``declared``
    (the bank's ``sqlalchemy:`` ranges) claims; ``sweep`` (``all`` or a range) adds every release in it."""
    if available is None:
        available = versions_at_hand(cache) if offline else released_versions()
    chosen = [Release(f"--releases {sweep}", v) for v in releases_in(sweep, available, list(declared))] if sweep else []
    for text in requested:
        if text == OLDEST_CLAIMED:
            oldest = oldest_claimed(list(declared), available)
            if oldest is None:
                continue
            chosen.append(Release("oldest claimed", oldest))
        else:
            chosen.extend(resolve([text], available))
    unique: dict[str, Release] = {}
    for release in chosen:
        unique.setdefault(release.version, release)
    return sorted(unique.values(), key=lambda r: Version(r.version))


def load_bank(root: Path) -> list:
    questions, broken = [], []
    for path in iter_question_paths(root / "bank"):
        try:
            questions.append(load_question(path))
        except QuestionFileError as error:
            broken.append(str(error))
    if broken:
        raise click.ClickException("the bank has files that cannot be read; run `proofbank lint`:\n" + "\n".join(broken))
    return questions


def run_matrix(root: Path, requested: list[str], *, offline: bool, cache: Path, out: Path, output: Path,
               backends: list[str], pytest_args: list[str], jobs: int, reuse_current: bool, console: Console,
               only_changes: bool = False, ids: list[str] | None = None, reuse_records: Path | None = None,
               sweep: str | None = None, shard: Shard | None = None) -> int:
    """Prove the bank (or the questions ``ids``) on each requested release and write the matrix record: the
    whole record for the whole bank, merged into the existing one for a selection. With ``reuse_records``,
    the installed release is not run again when that folder already holds its complete, current records.
    ``sweep`` adds every release of a range; ``shard`` runs only its share of the release × backend units."""
    bank = load_bank(root)
    try:
        available = versions_at_hand(cache) if offline else released_versions()
        releases = choose_releases(requested, offline, cache, sorted({qf.question.sqlalchemy for qf in bank}),
                                   sweep, available)
    except ReleaseError as error:
        raise click.ClickException(str(error)) from None
    share = take(units([r.version for r in releases], backends), shard)
    if shard is not None:
        releases = [r for r in releases if r.version in share]
        console.print(f"shard {shard}: " + "; ".join(f"{v} on {', '.join(b)}" for v, b in share.items()),
                      highlight=False)
        if not releases:
            console.print("this shard has no work (more shards than release × backend units)")
    console.print("Proving the bank on SQLAlchemy " + ", ".join(f"{r.version} ({r.requested})" for r in releases),
                  highlight=False)
    plan: list[tuple[Release, Environment]] = []
    for release in releases:  # one at a time: concurrent editable installs of one project would collide
        with console.status(f"environment for SQLAlchemy {release.version} ..."):
            try:
                plan.append((release, environment_for(release.version, root, cache, reuse_current=reuse_current)))
            except EnvironmentFailed as error:
                raise click.ClickException(f"SQLAlchemy {release.version}: {error}") from None
    if ids:
        unknown = sorted(set(ids) - {qf.question.id for qf in bank})
        if unknown:
            raise click.ClickException(f"no question with id {', '.join(unknown)} in {root / 'bank'}")
        bank = [qf for qf in bank if qf.question.id in ids]
    targets = [str(qf.path.relative_to(root)) for qf in bank] if ids else None
    reuse: dict[str, Path] = {}
    if reuse_records is not None:
        installed = sqlalchemy.__version__
        if any(release.version == installed for release, _ in plan):
            if records_complete(reuse_records, bank, installed):
                reuse[installed] = reuse_records
                console.print(f"SQLAlchemy {installed}: using the records of the run already made in "
                              f"{reuse_records}", highlight=False)
            else:
                console.print(f"SQLAlchemy {installed}: {reuse_records} lacks current records for some questions; "
                              f"running them again", highlight=False)
    with console.status(f"running the bank on {len(plan)} version(s) ..."):
        runs = run_all(plan, root, out, pytest_args, jobs, targets, reuse,
                       share if shard is not None else None)
    render_runs(console, runs)
    matrix = build_matrix(bank, {run.release.version: run.records for run in runs}, backends,
                          known_releases=None if offline else available)
    render_matrix(console, matrix, only_changes)
    render_differences(console, matrix)
    if sweep:
        render_history(console, matrix)
    render_problems(console, matrix)
    run_info = [{"sqlalchemy": r.release.version, "requested": r.release.requested,
                 "environment": "reused records" if r.release.version in reuse else r.environment.origin,
                 "exit_code": r.exit_code, "duration_seconds": round(r.duration, 2)} for r in runs]
    write_matrix(matrix, run_info, output, merge=bool(ids))
    console.print(f"matrix record: {output}", highlight=False)
    failed = any(run.crashed for run in runs) or bool(matrix.broken())
    return 1 if failed else 0


@click.command(context_settings={"ignore_unknown_options": True})
@click.option("--sqlalchemy", "specs", multiple=True, metavar="SPEC",
              help="also prove on the newest release matching SPEC (2.0, 2.0.30, '>=2.0.40,<2.1'); repeatable")
@click.option("--no-default-lines", is_flag=True,
              help=f"prove only on --sqlalchemy specs, not on {', '.join(RELEASE_LINES)} and the oldest claimed release")
@click.option("--offline", is_flag=True, help="choose among versions already at hand instead of asking PyPI")
@click.option("--backend", help=f"comma-separated backends to run (default: all of {','.join(BACKENDS)})")
@click.option("--require-backend", help="backends that must be available; a missing one fails the run")
@click.option("--jobs", default=2, show_default=True, help="versions run at the same time")
@click.option("--only-changes", is_flag=True, help="list only the questions that changed between versions or failed")
@click.option("--isolated", is_flag=True, help="build an environment even for the version installed here")
@click.option("--reuse-records", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="for the version installed here, use the records a run already wrote in this folder (if complete "
                   "and current) instead of running the bank again, e.g. .proofbank/records after pytest")
@click.option("--releases", "sweep", metavar="SPEC", default=None,
              help="sweep: also prove on EVERY release in SPEC ('all': every release a question claims, or a range "
                   "such as '>=2.0.50,<2.1'), recording per question the releases it holds on")
@click.option("--shard", "shard_text", metavar="K/N", default=None,
              help="run only the K-th of N shares of the release × backend units (merge the outputs with "
                   "`proofbank matrix-merge`)")
@click.option("--list-releases", is_flag=True,
              help="print the releases the run would prove on, as a JSON list, and stop (for CI job matrices)")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="where to write the matrix record (default .proofbank/matrix.json)")
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="the project's root (default: found from the current folder)")
@click.argument("pytest_args", nargs=-1, type=click.UNPROCESSED)
def matrix(specs: tuple[str, ...], no_default_lines: bool, offline: bool, backend: str | None,
           require_backend: str | None, jobs: int, only_changes: bool, isolated: bool, reuse_records: Path | None,
           sweep: str | None, shard_text: str | None, list_releases: bool, output: Path | None,
           root: Path | None, pytest_args: tuple[str, ...]) -> None:
    """Prove the bank on the newest SQLAlchemy 2.0.x and 2.1.x (and any --sqlalchemy SPEC), each in its own
    cached environment, and print question × version × backend with every option whose truth changed.
    Question ids among the arguments select those questions only; their results are merged into the record.

    Environments are kept in .proofbank/venvs, records and logs in .proofbank/matrix, and the
    machine-readable matrix in .proofbank/matrix.json. Arguments after `--` go to pytest."""
    from ..cli import find_root  # the command group imports this module

    root = (root or find_root()).resolve()
    requested = ([] if no_default_lines else [OLDEST_CLAIMED, *RELEASE_LINES]) + list(specs)
    if not requested and not sweep:
        raise click.UsageError("--no-default-lines needs at least one --sqlalchemy SPEC (or --releases)")
    try:
        shard = Shard.parse(shard_text) if shard_text else None
    except ShardError as error:
        raise click.UsageError(str(error)) from None
    if list_releases:
        import json

        state = root / ".proofbank"
        try:
            chosen = choose_releases(requested, offline, state / "venvs",
                                     sorted({qf.question.sqlalchemy for qf in load_bank(root)}), sweep)
        except ReleaseError as error:
            raise click.ClickException(str(error)) from None
        click.echo(json.dumps([r.version for r in chosen]))
        return
    known = {p.stem for p in iter_question_paths(root / "bank")}
    ids = [a for a in pytest_args if a in known]
    args = [a for a in pytest_args if a not in known]
    if backend and shard is None:  # a shard passes each release its own backends
        args += ["--backend", backend]
    if require_backend:
        args += ["--require-backend", require_backend]
    chosen = [b for b in (backend.split(",") if backend else BACKENDS)]
    state = root / ".proofbank"
    code = run_matrix(root, requested, offline=offline, cache=state / "venvs", out=state / "matrix",
                      output=(output.resolve() if output else state / "matrix.json"), backends=chosen, pytest_args=args, jobs=jobs,
                      reuse_current=not isolated, console=Console(), only_changes=only_changes, ids=ids or None,
                      reuse_records=reuse_records.resolve() if reuse_records else None, sweep=sweep, shard=shard)
    sys.exit(code)


@click.command("matrix-merge")
@click.argument("shards", nargs=-1, required=True, type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="where to write the merged matrix record (default .proofbank/matrix.json)")
@click.option("--offline", is_flag=True, help="do not ask PyPI for the release list (changes then stay ranges)")
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="the project's root (default: found from the current folder)")
def matrix_merge(shards: tuple[Path, ...], output: Path | None, offline: bool, root: Path | None) -> None:
    """Merge the matrix records of a sharded sweep (`proofbank matrix --shard K/N --output ...`) into one,
    recompute where behaviour differs and the releases each question holds on, and print it."""
    import json

    from ..cli import find_root
    from .table import matrix_from_documents

    root = (root or find_root()).resolve()
    documents = []
    for path in shards:
        try:
            document = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise click.ClickException(f"{path}: not a matrix record ({error})") from None
        if not isinstance(document, dict) or not isinstance(document.get("questions"), dict):
            raise click.ClickException(f"{path}: not a matrix record (no 'questions' table); "
                                       f"it should be the --output of `proofbank matrix --shard K/N`")
        documents.append(document)
    try:
        known = None if offline else released_versions()
    except ReleaseError as error:
        click.echo(f"note: {error}; changes are shown as ranges", err=True)
        known = None
    console = Console()
    matrix = matrix_from_documents(load_bank(root), documents, list(BACKENDS), known)
    render_matrix(console, matrix, only_changes=True)
    render_differences(console, matrix)
    render_history(console, matrix)
    runs = [run for document in documents for run in document.get("runs") or []]
    target = output.resolve() if output else root / ".proofbank" / "matrix.json"
    write_matrix(matrix, runs, target)
    console.print(f"merged {len(documents)} shard(s) over SQLAlchemy {', '.join(matrix.versions)}: {target}",
                  highlight=False)
    sys.exit(1 if matrix.broken() else 0)

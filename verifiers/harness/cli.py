"""The ``proofbank`` command: verify, lint, new, show, site, matrix, quiz."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import click
import pytest
from rich.console import Console

from .bank import display_path, iter_question_paths
from .lint import lint_bank
from .progress import VerifyDisplay
from .scaffold import ScaffoldError, scaffold
from .schema import BACKENDS, DOMAINS
from .show import QuestionNotFound, show_question


def find_root(start: Path | None = None) -> Path:
    """The nearest folder at or above ``start`` that holds ``bank/``."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "bank").is_dir():
            return folder
    raise click.ClickException("no bank/ folder here or above; run from the Proofbank project, or pass --root")


root_option = click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=None,
                           help="the project's root (default: found from the current folder)")


@click.group()
def main() -> None:
    """Proofbank: SQLAlchemy questions whose answers are proved on live databases."""


@main.command(context_settings={"ignore_unknown_options": True})
@click.option("--backend", help=f"comma-separated backends to run (default: all of {','.join(BACKENDS)})")
@click.option("--require-backend", help="backends that must be available; a missing one fails the run")
@click.option("--domain", "domains", multiple=True, type=click.Choice(DOMAINS), help="only this domain (repeatable)")
@click.option("-k", "keyword", help="pytest -k expression: an id, a tag, a backend, ...")
@click.option("-n", "workers", help="worker processes (pytest-xdist): a number or auto; "
                                     "default auto, but one process for a few named questions")
@click.option("--serial", is_flag=True, help="run in this one process (same as -n 0)")
@click.option("--lines/--no-lines", default=True, show_default=True,
              help="for named questions, also prove them on every other release line they claim "
                   "(2.0.x or 2.1.x) whose environment is cached")
@root_option
@click.argument("ids", nargs=-1)
def verify(backend: str | None, require_backend: str | None, domains: tuple[str, ...], keyword: str | None,
           workers: str | None, serial: bool, lines: bool, root: Path | None, ids: tuple[str, ...]) -> None:
    """Prove the bank (or the questions IDS) on every available backend, on every core."""
    root = (root or find_root()).resolve()
    paths, extra = _targets(root, domains, ids)
    workers = "0" if serial else (workers or default_workers(len(paths) if ids else None))
    args = [str(p) for p in paths] + ["-p", "verifiers.harness.plugin", "-p", "no:terminal", "-p", "no:cacheprovider",
                                      "--rootdir", str(root)]
    if backend:
        args += ["--backend", backend]
    if require_backend:
        args += ["--require-backend", require_backend]
    if keyword:
        args += ["-k", keyword]
    if workers and workers != "0":
        args += ["-n", workers]
    args += list(extra)
    console = Console()
    code = int(pytest.main(args, plugins=[VerifyDisplay(console)]))
    if ids and lines and code in (0, 1):
        code = max(code, _verify_other_lines(console, root, paths, backend, require_backend))
    sys.exit(code)


def _verify_other_lines(console: Console, root: Path, paths: list[Path], backend: str | None,
                        require_backend: str | None) -> int:
    """Prove the named questions on every other release line they claim, where an environment is cached."""
    from .bank import load_question
    from .otherlines import other_lines, run_on_line

    questions = []
    for path in paths:
        try:
            questions.append(load_question(path))
        except Exception:  # noqa: BLE001 - the run above has reported the broken file
            continue
    code = 0
    extra = (["--backend", backend] if backend else []) + (["--require-backend", require_backend] if require_backend else [])
    for check in other_lines(questions, root / ".proofbank" / "venvs"):
        if check.python is None:
            console.print(f"[yellow]not checked on SQLAlchemy {check.line}.x[/], which these questions claim: "
                          f"`proofbank python --sqlalchemy {check.line}` builds its environment, then verify again "
                          f"(or `proofbank matrix`)", highlight=False)
            continue
        with console.status(f"the same on SQLAlchemy {check.version} ..."):
            finished = run_on_line(check, paths, root, extra)
        lines = finished.stdout.strip().splitlines()
        last = lines[-1].strip("= ") if lines else "(no output)"
        if finished.returncode == 0:
            console.print(f"[green]SQLAlchemy {check.version}:[/] {last}", highlight=False)
        else:
            code = 1
            console.rule(f"[red]SQLAlchemy {check.version}")
            console.print(finished.stdout + finished.stderr, markup=False, highlight=False, soft_wrap=True)
    return code


FEW_QUESTIONS = 8  # below this, starting worker processes costs more than it saves


def default_workers(named: int | None) -> str:
    """``auto`` (a worker per core) when pytest-xdist is installed and the run is not just a few named questions."""
    if importlib.util.find_spec("xdist") is None:
        return "0"
    if named is not None and named <= FEW_QUESTIONS:
        return "0"
    return "auto"


def _targets(root: Path, domains: tuple[str, ...], ids: tuple[str, ...]) -> tuple[list[Path], list[str]]:
    extra = [i for i in ids if i.startswith("-")]
    wanted = [i for i in ids if not i.startswith("-")]
    if not wanted:
        return ([root / "bank" / d for d in domains] or [root / "bank"]), extra
    by_id = {p.stem: p for p in iter_question_paths(root / "bank")}
    unknown = [i for i in wanted if i not in by_id]
    if unknown:
        raise click.ClickException(f"no question with id {', '.join(unknown)} under {root / 'bank'}")
    return [by_id[i] for i in wanted], extra


@main.command()
@root_option
@click.option("--no-references", is_flag=True,
              help="do not check documentation URLs against the installed releases' documentation sources")
def lint(root: Path | None, no_references: bool) -> None:
    """Check every question file and proof; report every problem at once."""
    root = (root or find_root()).resolve()
    result = lint_bank(root, references=not no_references)
    for note in result.notes:
        click.echo(f"note: {note}", err=True)
    for problem in result.problems:
        click.echo(problem.render(root))
    if result.ok:
        click.echo(f"{result.checked} question files checked: no problems")
    else:
        click.echo(f"{len(result.problems)} problem(s) in {result.checked} question files")
        sys.exit(1)


@main.command()
@click.argument("domain", type=click.Choice(DOMAINS))
@click.argument("slug")
@root_option
def new(domain: str, slug: str, root: Path | None) -> None:
    """Scaffold bank/DOMAIN/SLUG.yaml and its proof."""
    root = (root or find_root()).resolve()
    try:
        question_path, proof_path = scaffold(root, domain, slug)
    except ScaffoldError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"wrote {question_path.relative_to(root)}\nwrote {proof_path.relative_to(root)}")
    click.echo(f"fill in every TODO, then: proofbank lint && proofbank verify {slug}")


@main.command()
@click.argument("question_id")
@root_option
@click.option("--record-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="where verify wrote its records (default .proofbank/records)")
def show(question_id: str, root: Path | None, record_dir: Path | None) -> None:
    """Show a question, its key and explanations, its proof, and the SQL each backend emitted."""
    root = (root or find_root()).resolve()
    try:
        show_question(Console(), root, question_id, record_dir or root / ".proofbank" / "records")
    except QuestionNotFound as error:
        raise click.ClickException(str(error)) from None


@main.command()
@root_option
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="folder to write the site into (default build/site); a previous site there is replaced")
@click.option("--records", "record_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="the run records to show (default .proofbank/records)")
@click.option("--matrix", "matrix_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="the version matrix record, shown when it exists (default .proofbank/matrix.json)")
def site(root: Path | None, out: Path | None, record_dir: Path | None, matrix_path: Path | None) -> None:
    """Build the learner pages: a static site of the bank with its proofs, records and a practice exam."""
    from verifiers.site.build import OutputNotASite, build_project_site  # only this command needs Jinja2 and Pygments

    root = (root or find_root()).resolve()
    out = out or root / "build" / "site"
    try:
        result = build_project_site(root, out, record_dir or root / ".proofbank" / "records",
                                    matrix_path or root / ".proofbank" / "matrix.json")
    except OutputNotASite as error:
        raise click.ClickException(str(error)) from None
    for note in result.notes:
        click.echo(f"note: {note}", err=True)
    index = result.out.resolve() / "index.html"
    click.echo(f"Built {result.pages} question pages ({result.verified} verified, "
               f"{result.pages - result.verified} UNVERIFIED) in {display_path(result.out)}/")
    click.echo(f"Open {index.as_uri()} in a browser, or serve the folder: "
               f"python3 -m http.server --directory {display_path(result.out)}")


@main.command(name="python")
@click.option("--sqlalchemy", "spec", default="2.0", show_default=True, metavar="SPEC",
              help="the release: 2.0 (newest 2.0.x), 2.1, 2.0.30 (exactly) or a PEP 440 range")
@click.option("--offline", is_flag=True, help="choose among environments already built")
@root_option
def python_command(spec: str, offline: bool, root: Path | None) -> None:
    """Print the path of a Python with that SQLAlchemy and this project installed (building it on first use),
    for exploring before a proof exists, e.g. `$(proofbank python --sqlalchemy 2.0) -i`."""
    from .explore import interpreter_for
    from .matrix.releases import ReleaseError
    from .matrix.venvs import EnvironmentFailed

    root = (root or find_root()).resolve()
    try:
        release, environment = interpreter_for(spec, root, root / ".proofbank" / "venvs", offline)
    except (ReleaseError, EnvironmentFailed) as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"SQLAlchemy {release.version} ({environment.origin})", err=True)
    click.echo(str(environment.python.absolute()) if not environment.python.is_absolute() else str(environment.python))


def _add_matrix() -> None:
    from .matrix.bisect_command import bisect
    from .matrix.command import matrix, matrix_merge

    main.add_command(matrix)
    main.add_command(matrix_merge)
    main.add_command(bisect)


def _add_quiz() -> None:
    from verifiers.quiz.command import quiz

    main.add_command(quiz)


def _add_export() -> None:
    from verifiers.export.command import export

    main.add_command(export)


_add_matrix()
_add_quiz()
_add_export()

if __name__ == "__main__":  # after every command is added, so `python -m verifiers.harness.cli matrix` works
    main()

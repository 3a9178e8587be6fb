"""`proofbank matrix`: choosing releases, cached environments, and the report of what changed."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
import sqlalchemy
from rich.console import Console

from toybank import ToyBank
from verifiers.harness.bank import load_question
from verifiers.harness.matrix.command import run_matrix
from verifiers.harness.matrix.releases import ReleaseError, as_specifier, released_versions, resolve
from verifiers.harness.matrix.render import render_differences, render_matrix
from verifiers.harness.matrix.table import build_matrix
from verifiers.harness.matrix.venvs import STAMP, EnvironmentFailed, environment_for, python_in, stamp_for

INSTALLED = sqlalchemy.__version__
KNOWN = ["1.4.54", "2.0.0", "2.0.30", "2.0.58", "2.1.0", "2.1.9"]


# Releases ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "contains", "excludes"), [
    ("2.0", ["2.0.0", "2.0.58"], ["2.1.0"]),
    ("2.0.30", ["2.0.30"], ["2.0.31"]),
    ("~=2.1.0", ["2.1.9"], ["2.0.58", "2.2.0"]),
    (">=2.0.40,<2.1", ["2.0.58"], ["2.0.30"]),
])
def test_specs_accept_bare_versions_and_pep440(text: str, contains: list[str], excludes: list[str]) -> None:
    spec = as_specifier(text)
    assert all(spec.contains(v) for v in contains) and not any(spec.contains(v) for v in excludes)


def test_each_request_gets_the_newest_matching_release_once() -> None:
    chosen = resolve(["~=2.0.0", "~=2.1.0", "2.1", "2.0.30"], KNOWN)
    assert [(r.requested, r.version) for r in chosen] == [("~=2.0.0", "2.0.58"), ("~=2.1.0", "2.1.9"),
                                                            ("2.0.30", "2.0.30")]


@pytest.mark.parametrize(("text", "message"), [
    ("3.0", "no SQLAlchemy release satisfies '3.0' (newest known: 1.4.54, 2.0.0"),
    ("two", "'two' is neither a version nor a specifier"),
])
def test_bad_requests_say_why(text: str, message: str) -> None:
    with pytest.raises(ReleaseError, match=message.replace("(", r"\(").replace(")", r"\)").replace(".", r"\.")):
        resolve([text], KNOWN)


def test_the_release_list_leaves_out_prereleases_and_yanked_releases(tmp_path: Path) -> None:
    index = tmp_path / "sqlalchemy.json"
    index.write_text(json.dumps({"releases": {
        "2.0.58": [{"yanked": False}], "2.1.0b1": [{"yanked": False}], "2.0.57": [{"yanked": True}],
        "2.0.56": [], "2.1.9": [{"yanked": False}], "not-a-version": [{"yanked": False}],
    }}))
    assert released_versions(url=index.as_uri()) == ["2.0.58", "2.1.9"]


def test_an_unreachable_index_suggests_offline(tmp_path: Path) -> None:
    with pytest.raises(ReleaseError, match="use --offline"):
        released_versions(url=(tmp_path / "missing.json").as_uri())


# Environments --------------------------------------------------------------------------------------------

class FakeRun:
    """Stands in for subprocess.run: records commands; fails the one containing ``fail_on``."""

    def __init__(self, fail_on: str | None = None, version: str = "2.0.30") -> None:
        self.commands: list[list[str]] = []
        self.fail_on, self.version = fail_on, version

    def __call__(self, command: list[str], **_: object) -> subprocess.CompletedProcess:
        self.commands.append(command)
        if command[1:3] == ["-m", "venv"]:
            python_in(Path(command[3])).parent.mkdir(parents=True)
            python_in(Path(command[3])).touch()
        if self.fail_on and self.fail_on in " ".join(command):
            return subprocess.CompletedProcess(command, 1, "", "ERROR: No matching distribution found\n")
        return subprocess.CompletedProcess(command, 0, self.version + "\n", "")


def project(tmp_path: Path) -> Path:
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    return tmp_path


def test_an_environment_is_built_once_then_reused(tmp_path: Path) -> None:
    root, cache, run = project(tmp_path), tmp_path / "venvs", FakeRun()
    first = environment_for("2.0.30", root, cache, run=run)
    assert first.origin == "built" and len(run.commands) == 3
    assert any("sqlalchemy==2.0.30" in c for c in run.commands[1])
    assert json.loads((cache / "sqlalchemy-2.0.30" / STAMP).read_text()) == stamp_for("2.0.30", root)
    again = environment_for("2.0.30", root, cache, run=run)
    assert again.origin == "cached" and len(run.commands) == 3


def test_a_changed_project_rebuilds_the_environment(tmp_path: Path) -> None:
    root, cache, run = project(tmp_path), tmp_path / "venvs", FakeRun()
    environment_for("2.0.30", root, cache, run=run)
    (root / "pyproject.toml").write_text("[project]\nname = 'x'\ndependencies = ['rich']\n")
    assert environment_for("2.0.30", root, cache, run=run).origin == "built"


def test_a_failed_build_says_which_step_and_leaves_nothing_behind(tmp_path: Path) -> None:
    root, cache = project(tmp_path), tmp_path / "venvs"
    with pytest.raises(EnvironmentFailed, match=r"installing the project with SQLAlchemy 2\.0\.30 failed[^\n]*\n"
                                                 r".*No matching distribution"):
        environment_for("2.0.30", root, cache, run=FakeRun(fail_on="pip install"))
    assert not (cache / "sqlalchemy-2.0.30").exists()


def test_a_wrong_version_in_the_environment_is_refused(tmp_path: Path) -> None:
    with pytest.raises(EnvironmentFailed, match="asked for SQLAlchemy 2.0.30, but the environment has 2.0.29"):
        environment_for("2.0.30", project(tmp_path), tmp_path / "venvs", run=FakeRun(version="2.0.29"))


def test_the_installed_version_runs_in_this_interpreter(tmp_path: Path) -> None:
    run = FakeRun()
    assert environment_for(INSTALLED, project(tmp_path), tmp_path / "venvs", run=run).origin == "current"
    assert environment_for(INSTALLED, project(tmp_path), tmp_path / "venvs", run=FakeRun(version=INSTALLED),
                           reuse_current=False).origin == "built"


# The matrix and its report -------------------------------------------------------------------------------

def write_record(folder: Path, qid: str, backend: str, status: str, observed: dict[str, bool],
                 in_range: bool = True, holds: bool | None = True) -> None:
    path = folder / "core" / qid / f"{backend}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({
        "record_version": 3, "id": qid, "domain": "core", "backend": backend, "status": status, "in_range": in_range, "holds": holds,
        "key": ["A"], "options": {k: {"claimed": k == "A", "observed": v} for k, v in observed.items()},
        "server_version": "SQLite 3", "problem": None,
    }))


def toy_questions(toy_bank: ToyBank) -> list:
    toy_bank.add(id="toy-steady", backends="[sqlite, postgresql]")
    toy_bank.add(id="toy-changed", backends="[sqlite, postgresql]")
    return [load_question(toy_bank.root / "bank/core" / f"{i}.yaml") for i in ("toy-steady", "toy-changed")]


def test_an_option_whose_truth_flips_is_listed_with_the_versions(toy_bank: ToyBank, tmp_path: Path) -> None:
    questions = toy_questions(toy_bank)
    old, new = tmp_path / "2.0.58", tmp_path / "2.1.9"
    same = {"A": True, "B": False, "C": False, "D": False}
    for folder in (old, new):
        for backend in ("sqlite", "postgresql"):
            write_record(folder, "toy-steady", backend, "passed", same)
    for backend in ("sqlite", "postgresql"):
        write_record(old, "toy-changed", backend, "passed", same)
        write_record(new, "toy-changed", backend, "failed", {**same, "B": True})
    matrix = build_matrix(questions, {"2.1.9": new, "2.0.58": old}, ["sqlite", "postgresql"])

    assert matrix.versions == ["2.0.58", "2.1.9"]
    [flip] = matrix.flips()
    assert (flip.question, flip.option, flip.truth, flip.backends) == (
        "toy-changed", "B", (("2.0.58", False), ("2.1.9", True)), ("sqlite", "postgresql"))
    assert [(c.question, c.backend) for c in matrix.verdict_changes()] == [("toy-changed", "sqlite"),
                                                                            ("toy-changed", "postgresql")]
    assert [(r.id, v, b) for r, v, b, _ in matrix.broken()] == [("toy-changed", "2.1.9", "sqlite"),
                                                                ("toy-changed", "2.1.9", "postgresql")]
    console = Console(record=True, width=200)
    render_differences(console, matrix)
    text = console.export_text()
    assert "core/toy-changed" in text and "toy-steady" not in text
    assert "option B: false on 2.0.58, holds on 2.1.9 (sqlite, postgresql)" in text
    console = Console(record=True, width=200)
    render_matrix(console, matrix, only_changes=True)
    shown = console.export_text()
    assert "1 of 2 questions changed" in shown and "core/toy-changed" in shown and "toy-steady" not in shown
    document = matrix.to_json([])
    assert document["differences"] == [{"id": "toy-changed", "option": "B", "backends": ["sqlite", "postgresql"],
                                        "truth": {"2.0.58": False, "2.1.9": True}}]
    assert document["questions"]["toy-changed"]["cells"]["2.1.9"]["sqlite"]["observed"] == ["A", "B"]


def test_a_missing_record_is_not_a_difference_and_outside_holding_can_widen(toy_bank: ToyBank, tmp_path: Path) -> None:
    questions = toy_questions(toy_bank)
    old, new = tmp_path / "2.0.58", tmp_path / "2.1.9"
    same = {"A": True, "B": False, "C": False, "D": False}
    for qid in ("toy-steady", "toy-changed"):
        write_record(old, qid, "sqlite", "outside", same, in_range=False, holds=True)
        write_record(new, qid, "sqlite", "passed", same)  # postgresql: no record (unavailable) on either version
    matrix = build_matrix(questions, {"2.0.58": old, "2.1.9": new}, ["sqlite", "postgresql"])
    assert matrix.flips() == [] and not matrix.broken()
    assert sorted((r.id, v) for r, v in matrix.widenable()) == [("toy-changed", "2.0.58"), ("toy-steady", "2.0.58")]
    assert matrix.rows[0].cells["2.1.9"]["postgresql"].status == "missing"


def test_the_command_runs_the_bank_and_writes_the_matrix_record(toy_bank: ToyBank, tmp_path: Path) -> None:
    toy_bank.add(id="toy-right")
    toy_bank.add(id="toy-wrong", answer="B")
    state = toy_bank.root / ".proofbank"
    code = run_matrix(toy_bank.root, [INSTALLED], offline=True, cache=state / "venvs", out=state / "matrix",
                      output=state / "matrix.json", backends=["sqlite"], pytest_args=["--backend", "sqlite"],
                      jobs=1, reuse_current=True, console=Console(record=True, width=200))
    assert code == 1  # toy-wrong's key does not hold
    document = json.loads((state / "matrix.json").read_text())
    assert document["runs"][0]["sqlalchemy"] == INSTALLED and document["runs"][0]["environment"] == "current"
    cells = {qid: q["cells"][INSTALLED]["sqlite"]["status"] for qid, q in document["questions"].items()}
    assert cells == {"toy-right": "passed", "toy-wrong": "failed"}
    assert (state / "matrix" / "logs" / f"sqlalchemy-{INSTALLED}.log").read_text().count("toy-wrong") >= 1


def test_show_summarises_the_last_matrix_for_a_question(tmp_path: Path) -> None:
    from verifiers.harness.show import matrix_line

    path = tmp_path / "matrix.json"
    path.write_text(json.dumps({"questions": {"q": {"cells": {
        "2.0.58": {"sqlite": {"status": "outside"}}, "2.1.9": {"sqlite": {"status": "passed"}}}}}}))
    assert matrix_line(path, "q") == "Last version matrix: 2.0.58: sqlite outside; 2.1.9: sqlite passed"
    assert matrix_line(path, "other") is None and matrix_line(tmp_path / "none.json", "q") is None


def test_ids_run_only_those_questions_and_merge_into_the_record(toy_bank: ToyBank) -> None:
    toy_bank.add(id="toy-one")
    toy_bank.add(id="toy-two")
    state = toy_bank.root / ".proofbank"
    common = dict(offline=True, cache=state / "venvs", out=state / "matrix", output=state / "matrix.json",
                  backends=["sqlite"], pytest_args=["--backend", "sqlite"], jobs=1, reuse_current=True)
    assert run_matrix(toy_bank.root, [INSTALLED], console=Console(record=True, width=200), **common) == 0
    whole = json.loads((state / "matrix.json").read_text())
    question, _ = toy_bank.add(id="toy-two", answer="B")  # now wrong
    console = Console(record=True, width=200)
    assert run_matrix(toy_bank.root, [INSTALLED], console=console, ids=["toy-two"], **common) == 1
    shown = console.export_text()
    assert "toy-two" in shown and "toy-one" not in shown, "only what ran is shown"
    merged = json.loads((state / "matrix.json").read_text())
    assert merged["questions"]["toy-one"] == whole["questions"]["toy-one"], "the rest of the record is kept"
    assert merged["questions"]["toy-two"]["cells"][INSTALLED]["sqlite"]["status"] == "failed"
    log = (state / "matrix" / "logs" / f"sqlalchemy-{INSTALLED}.log").read_text()
    assert "toy-two" in log and "toy-one" not in log, "only the chosen question ran"


def test_the_installed_version_reuses_a_complete_current_run_instead_of_running_again(toy_bank: ToyBank) -> None:
    toy_bank.add(id="toy-one")
    toy_bank.pytester.runpytest().assert_outcomes(passed=1)  # the README's test run writes .proofbank/records
    state = toy_bank.root / ".proofbank"
    console = Console(record=True, width=200)
    code = run_matrix(toy_bank.root, [INSTALLED], offline=True, cache=state / "venvs", out=state / "matrix",
                      output=state / "matrix.json", backends=["sqlite"], pytest_args=["--backend", "sqlite"], jobs=1,
                      reuse_current=True, console=console, reuse_records=state / "records")
    assert code == 0
    assert f"SQLAlchemy {INSTALLED}: using the records of the run already made" in " ".join(console.export_text().split())
    document = json.loads((state / "matrix.json").read_text())
    assert document["runs"][0]["environment"] == "reused records"
    assert document["questions"]["toy-one"]["cells"][INSTALLED]["sqlite"]["status"] == "passed"
    assert not (state / "matrix" / "logs" / f"sqlalchemy-{INSTALLED}.log").exists(), "the bank did not run again"
    question = toy_bank.root / "bank" / "core" / "toy-one.yaml"
    question.write_text(question.read_text().replace('"One."', '"Exactly one."'))  # its record is no longer current
    console = Console(record=True, width=200)
    run_matrix(toy_bank.root, [INSTALLED], offline=True, cache=state / "venvs", out=state / "matrix",
               output=state / "matrix.json", backends=["sqlite"], pytest_args=["--backend", "sqlite"], jobs=1,
               reuse_current=True, console=console, reuse_records=state / "records")
    assert "lacks current records for some questions; running them again" in " ".join(console.export_text().split())


def test_the_default_lines_include_the_oldest_release_any_question_claims(monkeypatch: pytest.MonkeyPatch,
                                                                        tmp_path: Path) -> None:
    from verifiers.harness.matrix import command
    from verifiers.harness.matrix.releases import OLDEST_CLAIMED, RELEASE_LINES, oldest_claimed

    available = ["1.4.54", "2.0.0", "2.0.29", "2.0.30", "2.0.31", "2.0.58", "2.1.0", "2.1.9"]
    monkeypatch.setattr(command, "released_versions", lambda: available)
    declared = [">=2.0.30,<2.2", ">=2.0.31,<2.2"]
    assert oldest_claimed(declared, available) == "2.0.30"
    chosen = command.choose_releases([OLDEST_CLAIMED, *RELEASE_LINES], False, tmp_path, declared)
    assert [(r.requested, r.version) for r in chosen] == [
        ("oldest claimed", "2.0.30"), ("~=2.0.0", "2.0.58"), ("~=2.1.0", "2.1.9")]
    # when the oldest claimed release is also a line's newest, it is proved once
    assert [r.version for r in command.choose_releases([OLDEST_CLAIMED, "~=2.1.0"], False, tmp_path, [">=2.1.9"])] == ["2.1.9"]
    assert oldest_claimed([">=3.0"], available) is None


@pytest.mark.parametrize(("arguments", "requested"), [
    ([], ["oldest", "~=2.0.0", "~=2.1.0"]),
    (["--sqlalchemy", "2.0.40"], ["oldest", "~=2.0.0", "~=2.1.0", "2.0.40"]),
    (["--no-default-lines", "--sqlalchemy", "2.0.40"], ["2.0.40"]),
])
def test_the_command_asks_for_the_oldest_claimed_release_among_its_default_lines(
        monkeypatch: pytest.MonkeyPatch, toy_bank: ToyBank, arguments: list[str], requested: list[str]) -> None:
    from click.testing import CliRunner

    from verifiers.harness.matrix import command

    asked: list[list[str]] = []
    monkeypatch.setattr(command, "run_matrix", lambda root, wanted, **_: asked.append(wanted) or 0)
    result = CliRunner().invoke(command.matrix, [*arguments, "--root", str(toy_bank.root)])
    assert result.exit_code == 0, result.output
    assert asked == [requested]


def test_the_oldest_claimed_release_is_the_oldest_release_that_any_range_admits() -> None:
    from verifiers.harness.matrix.releases import oldest_claimed

    available = ["1.4.54", "2.0.0", "2.0.29", "2.0.30", "2.0.31", "2.0.58", "2.1.0", "2.1.9"]
    assert oldest_claimed([">=2.0.31,<2.2", ">=2.1"], available) == "2.0.31"
    assert oldest_claimed([">2.0.29,<2.1"], available) == "2.0.30"  # a bound no release sits on
    assert oldest_claimed([">=2.0.30,!=2.0.30,<2.2"], available) == "2.0.31"
    assert oldest_claimed([">=2.0.30", "<2.0"], available) == "1.4.54"  # the lowest of every range

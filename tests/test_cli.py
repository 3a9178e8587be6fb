"""The proofbank command, run as a user runs it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from toybank import ToyBank

from verifiers.harness.lint import lint_bank
from verifiers.harness.scaffold import ScaffoldError, scaffold

ROOT = Path(__file__).resolve().parent.parent


def proofbank(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "verifiers.harness.cli", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=300)


def test_new_scaffolds_a_question_that_lint_rejects_until_it_is_written(tmp_path: Path) -> None:
    (tmp_path / "bank").mkdir()
    question, proof = scaffold(tmp_path, "session", "my-new-question")
    assert question == tmp_path / "bank/session/my-new-question.yaml"
    assert proof == tmp_path / "verifiers/session/my_new_question.py"
    found = [p.render(tmp_path) for p in lint_bank(tmp_path).problems]
    assert any("[answer]" in m for m in found)
    assert sum("decided by a constant" in m for m in found) == 4


def test_new_refuses_to_overwrite_or_take_a_bad_slug(tmp_path: Path) -> None:
    (tmp_path / "bank").mkdir()
    scaffold(tmp_path, "core", "taken")
    for domain, slug, message in [("core", "taken", "already exists"), ("session", "taken", "already used"),
                                  ("core", "Bad_Slug", "not a slug"), ("nope", "x", "unknown domain")]:
        try:
            scaffold(tmp_path, domain, slug)
        except ScaffoldError as error:
            assert message in str(error)
        else:
            raise AssertionError(f"{domain}/{slug} was accepted")


def test_verify_one_question_prints_the_table_and_exits_zero() -> None:
    result = proofbank("verify", "--backend", "sqlite", "flushed-rows-invisible-to-others")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "session" in result.stdout and "1 passed" in result.stdout


def test_verify_exits_non_zero_and_shows_the_report_when_a_key_is_wrong(toy_bank: ToyBank) -> None:
    toy_bank.add(answer="B")
    result = proofbank("verify", "--backend", "sqlite", cwd=toy_bank.root)
    assert result.returncode == 1
    assert "The options that hold differ from the key at A, B." in result.stdout
    assert "1 failed" in result.stdout


def test_verify_reports_an_unknown_id() -> None:
    result = proofbank("verify", "no-such-question")
    assert result.returncode != 0 and "no question with id no-such-question" in result.stderr


def test_lint_passes_on_the_bank() -> None:
    result = proofbank("lint")
    assert result.returncode == 0, result.stdout + result.stderr


def test_show_prints_question_key_proof_and_recorded_sql() -> None:
    proofbank("verify", "--backend", "sqlite", "flushed-rows-invisible-to-others")
    result = proofbank("show", "flushed-rows-invisible-to-others")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "session.flush()" in out and "def prove(lab: Lab)" in out
    assert "sqlite: passed" in out and "INSERT INTO account" in out


def test_verify_shows_a_broken_question_file_and_fails(tmp_path: Path) -> None:
    broken = tmp_path / "bank" / "core" / "broken.yaml"
    broken.parent.mkdir(parents=True)
    broken.write_text("id: broken\ndomain: core\nlevel: mid\nlevel: senior\n")
    result = proofbank("verify", "--backend", "sqlite", cwd=tmp_path)
    assert result.returncode != 0
    assert "FAILED bank/core/broken.yaml" in result.stdout
    assert "broken.yaml:4: key 'level' appears twice (lines 3 and 4)" in result.stdout


def test_verify_runs_on_every_core_by_default_but_a_few_named_questions_in_one_process() -> None:
    from verifiers.harness.cli import FEW_QUESTIONS, default_workers

    assert default_workers(None) == "auto"
    assert default_workers(FEW_QUESTIONS) == "0" and default_workers(FEW_QUESTIONS + 1) == "auto"


def test_verify_in_parallel_counts_every_item_once_and_fails_the_wrong_key(toy_bank: ToyBank) -> None:
    for n in range(3):
        toy_bank.add(id=f"toy-{n}", answer="B" if n == 2 else "A")
    parallel = proofbank("verify", "--backend", "sqlite", "-n", "2", cwd=toy_bank.root)
    serial = proofbank("verify", "--backend", "sqlite", "--serial", cwd=toy_bank.root)
    for result in (parallel, serial):
        assert result.returncode == 1, result.stdout + result.stderr
        assert "2 passed" in result.stdout and "1 failed" in result.stdout
        assert "The options that hold differ from the key at A, B." in result.stdout


def test_the_progress_bar_counts_the_items_of_an_xdist_run_once() -> None:
    from rich.console import Console

    from verifiers.harness.progress import VerifyDisplay

    display = VerifyDisplay(Console(file=open("/dev/null", "w")))
    display.pytest_xdist_node_collection_finished(node=None, ids=["a", "b", "c"])
    display.pytest_xdist_node_collection_finished(node=None, ids=["a", "b", "c"])
    assert display.progress.tasks[0].total == 3
    display.progress.stop()


def test_python_gives_an_interpreter_with_the_release_asked_for() -> None:
    import sqlalchemy

    line = ".".join(sqlalchemy.__version__.split(".")[:2])
    result = proofbank("python", "--sqlalchemy", line, "--offline")
    assert result.returncode == 0, result.stderr
    interpreter = result.stdout.strip()
    asked = subprocess.run([interpreter, "-c", "import sqlalchemy, verifiers; print(sqlalchemy.__version__)"],
                           capture_output=True, text=True, timeout=60)
    assert asked.stdout.strip() == sqlalchemy.__version__
    assert f"SQLAlchemy {sqlalchemy.__version__}" in result.stderr
    missing = proofbank("python", "--sqlalchemy", "9.9", "--offline")
    assert missing.returncode == 1 and "no SQLAlchemy release satisfies '9.9'" in missing.stderr


def test_show_says_why_a_record_cannot_be_used_and_takes_a_relative_root(toy_bank: ToyBank) -> None:
    toy_bank.add(backends="[sqlite, postgresql, mariadb]")
    records = toy_bank.root / ".proofbank" / "records" / "core" / "toy-count"
    records.mkdir(parents=True)
    (records / "sqlite.json").write_text("{half a record")
    (records / "postgresql.json").write_text('{"record_version": 1, "id": "toy-count"}')
    elsewhere = toy_bank.root / "elsewhere"
    elsewhere.mkdir()
    result = proofbank("show", "toy-count", "--root", "..", cwd=elsewhere)
    assert result.returncode == 0, result.stderr
    text = " ".join(result.stdout.split())
    assert "sqlite: cannot read" in text and "sqlite.json" in text
    assert "was written in record format 1; this Proofbank reads format 3: run `proofbank verify` again" in text
    assert "mariadb: no record yet" in text

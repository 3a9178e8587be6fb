"""What an export publishes: the key for the chosen version, only when the records prove it, and what it left out."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from exportbank import SITE, make_bank, page_of, prove_all, write_record

from verifiers.export.model import NoKeyForVersion, export_question
from verifiers.export.selection import SelectionError, select
from verifiers.harness.bank import load_question
from verifiers.harness.cli import main


def question_file(root: Path, question_id: str):
    return load_question(next((root / "bank").glob(f"*/{question_id}.yaml")))


@pytest.fixture
def root(tmp_path: Path) -> Path:
    make_bank(tmp_path)
    return tmp_path


def records(root: Path) -> Path:
    return root / ".proofbank" / "records"


def test_proved_when_every_backend_passed_in_the_keys_range(root: Path) -> None:
    prove_all(root)
    q = export_question(question_file(root, "several-right-by-version"), records(root), "2.1.9", SITE)
    assert q.proved and q.key == ("A", "C", "F") and q.multiple and q.key_range == ">=2.1,<2.2"
    assert [p.backend for p in q.proofs] == ["sqlite", "postgresql"]  # the backends the question is about
    assert q.proved_line == ("Answer proved on sqlite (Sqlite 1.0), postgresql (Postgresql 1.0) with SQLAlchemy "
                             f"2.1.9, latest run 2026-12-01. Proof and SQL: {page_of('session', 'several-right-by-version')}")
    assert q.title == "Which statements hold after a commit?"  # no title yet: the stem's first sentence


@pytest.mark.parametrize(("damage", "reason"), [
    (lambda root: (records(root) / "session/plain-single/sqlite.json").unlink(), "sqlite: no run record"),
    (lambda root: write_record(root, "plain-single", "sqlite", status="failed"), "sqlite: the latest run failed"),
    (lambda root: write_record(root, "plain-single", "sqlite", key=["A"]), "sqlite: the latest run checked another key"),
    (lambda root: (root / "verifiers/session/plain_single.py").write_text("def prove(lab):\n    return {'A': 1}\n"),
     "sqlite: the latest run was made from an older question file or proof"),
    (lambda root: (records(root) / "session/plain-single/sqlite.json").write_text("{not json"), "sqlite: the run record cannot be read"),
])
def test_not_proved_says_why(root: Path, damage, reason: str) -> None:
    prove_all(root)
    damage(root)
    q = export_question(question_file(root, "plain-single"), records(root), "2.1.9")
    assert not q.proved and q.unproved[0].startswith(reason)
    assert q.proved_line.startswith("Answer NOT proved for SQLAlchemy 2.1.9: " + reason)


def test_a_run_on_another_keys_range_proves_nothing(root: Path) -> None:
    prove_all(root, "2.0.40")
    q = export_question(question_file(root, "several-right-by-version"), records(root), "2.1.9")
    assert q.unproved == ("sqlite: the latest run was on SQLAlchemy 2.0.40, outside >=2.1,<2.2",
                          "postgresql: the latest run was on SQLAlchemy 2.0.40, outside >=2.1,<2.2")
    assert q.key == ("A", "C", "F")


def test_no_key_outside_the_declared_range(root: Path) -> None:
    with pytest.raises(NoKeyForVersion, match="makes no claim for SQLAlchemy 2.2.0"):
        export_question(question_file(root, "several-right-by-version"), records(root), "2.2.0")


def test_selection_like_verify(root: Path) -> None:
    def ids(*args, **kwargs) -> list[str]:
        return [qf.question.id for qf in select(root, *args, **kwargs).questions]

    assert ids((), None, ()) == ["gift-specials-in-code", "plain-single", "several-right-by-version"]
    assert ids(("session",), None, ()) == ["plain-single", "several-right-by-version"]
    assert ids((), "engine or senior", ()) == ["gift-specials-in-code", "several-right-by-version"]
    assert ids((), "session and not senior", ()) == ["plain-single"]
    assert ids((), None, ("plain-single",)) == ["plain-single"]
    with pytest.raises(SelectionError, match="no question with id nope"):
        select(root, (), None, ("nope",))
    with pytest.raises(SelectionError, match="not a keyword expression"):
        select(root, (), "and or", ())


def run(root: Path, *args: str):
    return CliRunner().invoke(main, ["export", "--root", str(root), *args])


def test_refuses_unproved_questions_by_name_and_writes_the_rest(root: Path, tmp_path: Path) -> None:
    prove_all(root)
    write_record(root, "plain-single", "sqlite", status="failed")
    result = run(root, "--format", "gift", "--out", str(tmp_path / "out.gift"))
    assert result.exit_code == 0, result.output
    assert ("left out 1 question(s) whose answer is not proved for SQLAlchemy" in result.output
            and "  session/plain-single: sqlite: the latest run failed" in result.output)
    assert "Wrote 2 questions (0 not proved)" in result.output
    assert "plain-single" not in (tmp_path / "out.gift").read_text()


def test_include_unverified_publishes_them_saying_so(root: Path, tmp_path: Path) -> None:
    result = run(root, "--format", "udemy-csv", "--out", str(tmp_path / "out.csv"), "--include-unverified")
    assert result.exit_code == 0, result.output
    assert "Wrote 3 questions (3 not proved)" in result.output
    assert "Answer NOT proved for SQLAlchemy" in (tmp_path / "out.csv").read_text()


def test_nothing_proved_is_an_error(root: Path, tmp_path: Path) -> None:
    result = run(root, "--format", "anki", "--out", str(tmp_path / "deck.apkg"))
    assert result.exit_code == 1
    assert "nothing to export" in result.output and "--include-unverified" in result.output
    assert not (tmp_path / "deck.apkg").exists()


def test_default_output_and_a_bad_version(root: Path) -> None:
    prove_all(root)
    result = run(root, "--format", "qti")
    assert result.exit_code == 0, result.output
    assert (root / "build/export/proofbank-qti.zip").is_file()
    assert run(root, "--format", "qti", "--sqlalchemy", "two").exit_code == 2


def test_the_site_link_is_the_site_page_name() -> None:
    from verifiers.export.model import page_url
    from verifiers.site.model import page_slug

    assert page_url(SITE, "core", "x") == f"{SITE}q/{page_slug('core', 'x')}.html" == page_of("core", "x")
    assert page_url(None, "core", "x") is None

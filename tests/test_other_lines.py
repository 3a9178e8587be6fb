"""`proofbank verify <id>` checks every release line the question claims, or says which it did not check."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy
from toybank import ToyBank

from verifiers.harness.bank import load_question
from verifiers.harness.otherlines import other_lines

ROOT = Path(__file__).resolve().parent.parent
INSTALLED = sqlalchemy.__version__
OTHER_LINE = "2.0" if INSTALLED.startswith("2.1") else "2.1"


def verify(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "verifiers.harness.cli", "verify", "--backend", "sqlite", *args],
                          cwd=root, capture_output=True, text=True, timeout=300)


def cached(cache: Path, version: str) -> None:
    (cache / f"sqlalchemy-{version}").mkdir(parents=True)
    (cache / f"sqlalchemy-{version}" / "proofbank-environment.json").write_text("{}")


def test_the_other_claimed_line_uses_its_newest_cached_release(toy_bank: ToyBank, tmp_path: Path) -> None:
    question, _ = toy_bank.add(sqlalchemy=">=2.0.30,<2.2")
    cache = tmp_path / "venvs"
    assert [(c.line, c.version) for c in other_lines([load_question(question)], cache)] == [(OTHER_LINE, None)]
    for version in (f"{OTHER_LINE}.3", f"{OTHER_LINE}.12", f"{OTHER_LINE}.4"):
        cached(cache, version)
    [check] = other_lines([load_question(question)], cache)
    assert (check.line, check.version) == (OTHER_LINE, f"{OTHER_LINE}.12")
    assert check.python == cache / f"sqlalchemy-{OTHER_LINE}.12" / "bin" / "python"


def test_a_question_that_claims_only_the_installed_line_needs_no_other(toy_bank: ToyBank, tmp_path: Path) -> None:
    major_minor = ".".join(INSTALLED.split(".")[:2])
    question, _ = toy_bank.add(sqlalchemy=f"~={major_minor}.0")
    assert other_lines([load_question(question)], tmp_path / "venvs") == []


def test_verify_says_in_one_line_which_claimed_line_it_did_not_check(toy_bank: ToyBank) -> None:
    toy_bank.add(sqlalchemy=">=2.0.30,<2.2")
    result = verify(toy_bank.root, "toy-count")
    assert result.returncode == 0, result.stdout + result.stderr
    assert (f"not checked on SQLAlchemy {OTHER_LINE}.x, which these questions claim: `proofbank python "
            f"--sqlalchemy {OTHER_LINE}` builds its environment, then verify again (or `proofbank matrix`)"
            in " ".join(result.stdout.split()))


def test_a_wrong_key_for_the_other_line_fails_the_authors_loop(toy_bank: ToyBank) -> None:
    environments = sorted((ROOT / ".proofbank" / "venvs").glob(f"sqlalchemy-{OTHER_LINE}.*"))
    if not environments:
        pytest.skip(f"no SQLAlchemy {OTHER_LINE}.x environment is cached here (proofbank matrix builds one)")
    newest = environments[-1]
    (toy_bank.root / ".proofbank" / "venvs").mkdir(parents=True)
    (toy_bank.root / ".proofbank" / "venvs" / newest.name).symlink_to(newest)
    low, high = (">=2.0.30,<2.1", ">=2.1,<2.2")
    wrong = f'{{"{low}": C, "{high}": A}}' if OTHER_LINE == "2.0" else f'{{"{low}": A, "{high}": C}}'
    toy_bank.add(answer=wrong, sqlalchemy=">=2.0.30,<2.2")
    result = verify(toy_bank.root, "toy-count")
    assert result.returncode == 1, result.stdout
    assert f"SQLAlchemy {newest.name.removeprefix('sqlalchemy-')}" in result.stdout
    assert "The options that hold differ from the key at A, C." in result.stdout
    assert verify(toy_bank.root, "toy-count", "--no-lines").returncode == 0

"""Version ranges: a key per range, checked ranges, and runs outside the declared range."""

from __future__ import annotations

import json
from fnmatch import fnmatch
from pathlib import Path

import pytest
import sqlalchemy
import yaml
from pydantic import ValidationError

from toybank import TOY_QUESTION, ToyBank
from verifiers.harness.schema import Question, VersionKey

INSTALLED = sqlalchemy.__version__


def toy(answer: str = "A", declared: str = ">=2.0,<2.2") -> Question:
    text = TOY_QUESTION.format(id="toy", domain="core", answer=answer, backends="[sqlite]", sqlalchemy=declared)
    return Question.model_validate(yaml.safe_load(text))


def error_of(answer: str, declared: str = ">=2.0,<2.2") -> str:
    with pytest.raises(ValidationError) as raised:
        toy(answer, declared)
    return str(raised.value)


PER_VERSION = '{">=2.0,<2.1": B, ">=2.1,<2.2": A}'


def test_a_single_key_holds_for_the_whole_declared_range() -> None:
    question = toy("A")
    assert not question.has_version_keys
    assert question.keys == (VersionKey(">=2.0,<2.2", frozenset("A")),)
    assert question.key_for("2.0.30") == question.key_for("2.1.9") == frozenset("A")
    assert question.key_for("1.4.54") is None and question.key_for("2.2.0") is None


def test_a_key_per_range_is_chosen_by_version() -> None:
    question = toy(PER_VERSION)
    assert question.has_version_keys
    assert [(k.spec, sorted(k.key)) for k in question.keys] == [(">=2.0,<2.1", ["B"]), (">=2.1,<2.2", ["A"])]
    assert question.key_for("2.0.0") == question.key_for("2.0.58") == frozenset("B")
    assert question.key_for("2.1.0") == question.key_for("2.1.9") == frozenset("A")
    assert question.key_for("2.2.0") is None and question.key_for("1.4.0") is None


def test_outside_the_declared_range_the_nearest_range_is_compared() -> None:
    question = toy(PER_VERSION)
    assert question.nearest_key("2.2.3").spec == ">=2.1,<2.2"
    assert question.nearest_key("1.4.54").spec == ">=2.0,<2.1"


def test_select_all_keys_per_range() -> None:
    text = TOY_QUESTION.format(id="toy", domain="core", backends="[sqlite]", sqlalchemy=">=2.0,<2.2",
                               answer='{">=2.0,<2.1": [A, B], ">=2.1,<2.2": [A]}')
    text = text.replace("and a commit?", "and a commit? (Select all that apply.)")
    question = Question.model_validate(yaml.safe_load(text))
    assert question.key_for("2.0.1") == frozenset("AB") and question.key_for("2.1.1") == frozenset("A")


@pytest.mark.parametrize(("answer", "declared", "expected"), [
    ('{">=2.0,<2.1": B, ">=2.0.50,<2.2": A}', ">=2.0,<2.2", "answer ranges '>=2.0,<2.1' and '>=2.0.50,<2.2' overlap (both contain 2.0.50)"),
    ('{">=2.0,<2.1": B, ">=2.1.5,<2.2": A}', ">=2.0,<2.2", "no answer range covers 2.1.0, which `sqlalchemy: >=2.0,<2.2` includes"),
    ('{">=2.0,<2.1": B, ">=2.1": A}', ">=2.0,<2.2", "answer range '>=2.1' reaches outside `sqlalchemy: >=2.0,<2.2` (e.g. 2.2.0)"),
    ('{">=2.0,<2.1": A, ">=2.1,<2.2": A}', ">=2.0,<2.2", "answer gives the same key for every version range"),
    ('{"two-ish": A, ">=2.1,<2.2": B}', ">=2.0,<2.2", "answer range 'two-ish' is not a version specifier"),
    ('{">=2.0,<2.1": E, ">=2.1,<2.2": A}', ">=2.0,<2.2", "answer (for >=2.0,<2.1) names E, which is not an option"),
    ('{">=2.0,<2.1": [A, B], ">=2.1,<2.2": A}', ">=2.0,<2.2", "answer (for >=2.0,<2.1) is a list, so the question must say"),
    ('{">=2.0,<2.1": Z, ">=2.1,<2.2": A}', ">=2.0,<2.2", "answer must be one letter A-F, or a list of letters; got 'Z' in"),
])
def test_malformed_ranges_say_what_is_wrong(answer: str, declared: str, expected: str) -> None:
    assert expected in error_of(answer, declared)


# The plugin, on the SQLAlchemy that is installed: ranges are written around it, so these hold on any version.

def test_the_range_of_the_installed_version_supplies_the_key(toy_bank: ToyBank) -> None:
    toy_bank.add(answer=f'{{">=2.0.30,<{INSTALLED}": B, ">={INSTALLED}": A}}')
    toy_bank.pytester.runpytest().assert_outcomes(passed=1)


def test_a_wrong_key_for_the_installed_range_fails_naming_the_range(toy_bank: ToyBank) -> None:
    toy_bank.add(answer=f'{{">=2.0.30,<{INSTALLED}": A, ">={INSTALLED}": C}}')
    result = toy_bank.pytester.runpytest()
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines([f"  key for SQLAlchemy >={INSTALLED}: C   observed to hold: A"])


@pytest.mark.parametrize(("answer", "expected", "holds"), [
    ("A", "*its answer holds here too (observed A): the range could be widened*", True),
    ("C", "*its answer does not hold here: observed A, the key for <{v} is C*", False),
])
def test_outside_the_declared_range_the_proof_runs_and_says_whether_the_answer_holds(
        toy_bank: ToyBank, answer: str, expected: str, holds: bool) -> None:
    toy_bank.add(answer=answer, sqlalchemy=f"<{INSTALLED}")
    recorder = toy_bank.pytester.inline_run()
    _, skipped, _ = recorder.listoutcomes()
    assert len(skipped) == 1
    reason = skipped[0].longrepr[2]
    assert fnmatch(reason, f"*SQLAlchemy {INSTALLED} is outside this question's range (<{INSTALLED})*"), reason
    assert fnmatch(reason, expected.format(v=INSTALLED)), reason
    toy_bank.pytester.runpytest().stdout.fnmatch_lines(["*core*1 outside range*"])
    record = json.loads(Path(toy_bank.root / ".proofbank/records/core/toy-count/sqlite.json").read_text())
    assert (record["status"], record["in_range"], record["holds"]) == ("outside", False, holds)
    assert record["options"]["A"]["observed"] is True

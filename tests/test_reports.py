"""Failure reports tell the author exactly what to read: whole option texts, the failing range's line,
the library frame that raised, and lines never re-wrapped for a log."""

from __future__ import annotations

import subprocess
import sys

import sqlalchemy
from toybank import TOY_PROOF, ToyBank

INSTALLED = sqlalchemy.__version__
LONG = ("One: the row is committed by engine.begin() when its block ends, so another connection "
        "counts it at once, whatever the backend's isolation level")


def test_a_differing_row_shows_its_whole_option_text(toy_bank: ToyBank) -> None:
    question, _ = toy_bank.add(answer="B")
    question.write_text(question.read_text().replace('A: "One."', f'A: "{LONG}"'))
    result = toy_bank.pytester.runpytest()
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines([f"  A       false     holds    {LONG}   <-- differs"])


def test_a_wrong_per_version_key_points_at_its_own_range_line(toy_bank: ToyBank) -> None:
    question, _ = toy_bank.add(answer=f'\n  ">=2.0.30,<{INSTALLED}": A\n  ">={INSTALLED}": C')
    lines = question.read_text().splitlines()
    range_line = next(n for n, text in enumerate(lines, 1) if text.startswith(f'  ">={INSTALLED}"'))
    result = toy_bank.pytester.runpytest()
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines([f"  bank/core/toy-count.yaml:{range_line}  (the key)"])


def test_an_error_raised_inside_sqlalchemy_names_the_library_frame(toy_bank: ToyBank) -> None:
    toy_bank.add(body="conn.execute(insert(thing).values(id=1))")  # the connection's block has ended
    result = toy_bank.pytester.runpytest()
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*toy_count.py:*, in prove*", "      conn.execute(insert(thing).values(id=1))",
                                 "    raised inside SQLAlchemy at sqlalchemy/engine/*.py:*, in *",
                                 "  sqlalchemy.exc.ResourceClosedError: This Connection is closed"])


def test_verify_does_not_rewrap_a_report_when_not_on_a_terminal(toy_bank: ToyBank) -> None:
    question, _ = toy_bank.add(answer="B")
    question.write_text(question.read_text().replace('A: "One."', f'A: "{LONG}"'))
    result = subprocess.run([sys.executable, "-m", "verifiers.harness.cli", "verify", "--backend", "sqlite"],
                            cwd=toy_bank.root, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert f"  A       false     holds    {LONG}   <-- differs" in result.stdout.splitlines()


def test_an_option_decided_by_all_of_names_the_part_that_flipped(toy_bank: ToyBank) -> None:
    toy_bank.add(answer="B", proof=ALL_OF_PROOF)
    result = toy_bank.pytester.runpytest()
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines([
        "  B       holds     false    None: the INSERT needs a flush first.   <-- differs",
        "          decided by all_of: counted=true, no_rows=false",
    ])


# the toy proof, with option B decided by two named parts
ALL_OF_PROOF = (TOY_PROOF.format(body="    pass")
                .replace("from verifiers import Lab", "from verifiers import Lab, all_of")
                .replace('"B": count == 0', '"B": all_of(counted=count is not None, no_rows=count == 0)'))

"""Claims: a sentence of the explanation or a why is proved by a fact the proof records with the claimed value."""

from __future__ import annotations

import json
import sys

from toybank import ToyBank

CLAIMED = """\
explanation: One row was inserted and committed, so another connection counts exactly 1 row.
claims:
  - says: "another connection counts exactly 1 row"
    fact: rows
    expect: {expect}
"""


def with_claim(toy_bank: ToyBank, expect: str, fact: str = "rows") -> None:
    question, _ = toy_bank.add()
    text = question.read_text().replace("explanation: One row was inserted and committed.\n",
                                        CLAIMED.format(expect=expect).replace("fact: rows", f"fact: {fact}"))
    question.write_text(text)


def test_a_claim_that_holds_passes_and_is_recorded(toy_bank: ToyBank) -> None:
    with_claim(toy_bank, "1")
    toy_bank.pytester.runpytest().assert_outcomes(passed=1)
    record = json.loads((toy_bank.root / ".proofbank/records/core/toy-count/sqlite.json").read_text())
    [claim] = record["claims"]
    assert claim["says"] == "another connection counts exactly 1 row"
    assert (claim["where"], claim["fact"], claim["expect"], claim["observed"], claim["holds"]) == (
        "explanation", "rows", 1, [1], True)
    assert claim["line"] == next(f["line"] for f in record["facts"] if f["label"] == "rows")


def test_a_wrong_claimed_value_fails_quoting_the_claim_and_what_was_observed(toy_bank: ToyBank) -> None:
    with_claim(toy_bank, "2")
    result = toy_bank.pytester.runpytest()
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines([
        "The options hold as keyed, but 1 claim(s) of the text differ from what was observed:",
        '  explanation: "another connection counts exactly 1 row"',
        "    claims  rows = 2",
        "    observed rows = 1 (line * of the proof)",
        "Correct the text and its claim, or the proof, whichever is wrong.",
        "Open:",
        "  bank/core/toy-count.yaml:*  (the claims)",
    ])


def test_a_claim_whose_fact_is_never_recorded_fails_the_run_and_lint(toy_bank: ToyBank) -> None:
    with_claim(toy_bank, "1", fact="rows seen")
    result = toy_bank.pytester.runpytest()
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*but the proof recorded no fact 'rows seen': record it with lab.fact('rows seen', ...)*"])
    lint = toy_bank.pytester.run(sys.executable, "-m", "verifiers.harness.cli", "lint")
    assert lint.ret == 1
    lint.stdout.fnmatch_lines(["bank/core/toy-count.yaml:*: [[]claims.0.fact[]] the proof records no fact 'rows seen'",
                               "    fix: record it in toy_count.py with lab.fact('rows seen', <observed value>)*"])


def test_a_claim_that_quotes_no_text_is_a_file_problem(toy_bank: ToyBank) -> None:
    with_claim(toy_bank, "1")
    question = toy_bank.root / "bank/core/toy-count.yaml"
    question.write_text(question.read_text().replace('says: "another connection counts exactly 1 row"',
                                                      'says: "exactly one row, always"'))
    result = toy_bank.pytester.runpytest()
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*[[]claims[]] claim 1 says 'exactly one row, always', which is not a fragment of the "
                                 "explanation or of any why; quote the text word for word*"])


def test_a_claim_limited_to_other_releases_is_not_checked(toy_bank: ToyBank) -> None:
    with_claim(toy_bank, "2")
    question = toy_bank.root / "bank/core/toy-count.yaml"
    question.write_text(question.read_text().replace("    expect: 2\n", '    expect: 2\n    sqlalchemy: "<2.0.30"\n'))
    toy_bank.pytester.runpytest().assert_outcomes(passed=1)

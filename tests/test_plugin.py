"""The plugin, run by pytester on toy questions: collection, verdicts, and failures that read well."""

from __future__ import annotations

import json

import pytest

from toybank import ToyBank


def test_a_question_becomes_one_item_per_backend(toy_bank: ToyBank) -> None:
    toy_bank.add(backends="[sqlite, postgresql, mariadb]")
    result = toy_bank.pytester.runpytest("--collect-only", "-q")
    result.stdout.fnmatch_lines([
        "bank/core/toy-count.yaml::toy-count[[]sqlite[]]",
        "bank/core/toy-count.yaml::toy-count[[]postgresql[]]",
        "bank/core/toy-count.yaml::toy-count[[]mariadb[]]",
    ])


def test_items_are_selectable_by_domain_backend_and_tag(toy_bank: ToyBank) -> None:
    toy_bank.add(id="toy-one", domain="core", backends="[sqlite, postgresql]")
    toy_bank.add(id="toy-two", domain="session", backends="[sqlite, postgresql]")
    selected = lambda *args: toy_bank.pytester.runpytest("--collect-only", "-q", *args).stdout.str()  # noqa: E731
    by_domain = selected("-k", "session")
    assert "toy-two[sqlite]" in by_domain and "toy-one" not in by_domain
    by_backend = selected("--backend", "sqlite")
    assert "toy-one[sqlite]" in by_backend and "postgresql]" not in by_backend
    assert "toy-one[postgresql]" in selected("-k", "toy and postgresql")


def test_a_correct_key_passes_and_writes_a_record(toy_bank: ToyBank) -> None:
    _, proof = toy_bank.add()
    result = toy_bank.pytester.runpytest()
    result.assert_outcomes(passed=1)
    record = json.loads((toy_bank.root / ".proofbank/records/core/toy-count/sqlite.json").read_text())
    assert record["status"] == "passed"
    assert record["options"]["A"] == {"claimed": True, "observed": True}
    proof_lines = proof.read_text().splitlines()
    fact_line = next(n for n, text in enumerate(proof_lines, 1) if 'lab.fact("rows"' in text)
    assert {"label": "rows", "value": 1, "line": fact_line} in record["facts"]
    assert [s["kind"] for s in record["sql"]][-3:] == ["BEGIN", "SELECT", "ROLLBACK"]
    # each statement carries the proof line that sent it and its phase: the second connection observes
    insert_line = next(n for n, text in enumerate(proof_lines, 1) if "conn.execute(insert(thing)" in text)
    assert [(s["kind"], s["line"]) for s in record["sql"] if s["kind"] == "INSERT"] == [("INSERT", insert_line)]
    assert {s["phase"] for s in record["sql"][-3:]} == {"observe"}
    assert {s["phase"] for s in record["sql"] if s["kind"].startswith("CREATE")} == {"setup"}
    assert record["sqlalchemy_version"] and record["server_version"].startswith("SQLite")


@pytest.mark.parametrize("wrong_key", ["B", "C", "D"])
def test_any_other_key_fails_with_a_report_naming_the_options(toy_bank: ToyBank, wrong_key: str) -> None:
    toy_bank.add(answer=wrong_key)
    result = toy_bank.pytester.runpytest()
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines([
        "core/toy-count on sqlite (SQLite *; SQLAlchemy *; Python *)",
        f"The options that hold differ from the key at A, {wrong_key}.",
        f"  key: {wrong_key}   observed to hold: A",
        "  A       false     holds    One.   <-- differs",
        "Facts observed:",
        "  rows: 1",
        "SQL emitted (*",
        "*INSERT INTO thing*",
        "Open:",
        "  bank/core/toy-count.yaml:11  (the key)",
        "  verifiers/core/toy_count.py  (the proof)",
    ])


def test_a_proof_that_raises_fails_with_its_own_frame_and_the_next_question_passes(toy_bank: ToyBank) -> None:
    toy_bank.add(id="a-raises", body="raise ValueError('boom')")
    toy_bank.add(id="b-fine")
    result = toy_bank.pytester.runpytest()
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["The proof could not decide the options:", "*the proof raised an exception:*",
                                 "*a_raises.py:13, in prove*", "*ValueError: boom*"])


def test_a_proof_that_hangs_is_stopped_and_the_next_question_passes(toy_bank: ToyBank) -> None:
    toy_bank.add(id="a-hangs", body="import time; time.sleep(60)")
    toy_bank.add(id="b-fine")
    result = toy_bank.pytester.runpytest("--proof-timeout", "1")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["*the proof did not finish within 1 s and was stopped*"])


def test_a_proof_that_leaks_a_connection_fails_and_the_next_question_passes(toy_bank: ToyBank) -> None:
    toy_bank.add(id="a-leaks", body="from sqlalchemy.orm import Session; Session(lab.engine).execute(select(1))")
    toy_bank.add(id="b-fine")
    result = toy_bank.pytester.runpytest()
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["*the proof left connection(s) checked out: 1 on the 'main' engine*"])


WARNS = "import warnings; from sqlalchemy.exc import SAWarning; warnings.warn('careful now', SAWarning)"


def test_an_undeclared_sawarning_fails_the_question(toy_bank: ToyBank) -> None:
    toy_bank.add(body=WARNS)
    result = toy_bank.pytester.runpytest()
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*warning(s) the question does not declare:*", "*SAWarning: careful now*"])


def test_a_declared_warning_is_allowed(toy_bank: ToyBank) -> None:
    question, _ = toy_bank.add(body=WARNS)
    question.write_text(question.read_text() + "warnings:\n  - category: SAWarning\n    match: careful\n")
    toy_bank.pytester.runpytest().assert_outcomes(passed=1)


def test_decisions_that_are_not_bools_are_reported(toy_bank: ToyBank) -> None:
    proof = "from verifiers import Lab\n\ndef prove(lab: Lab):\n    n = len(lab.sql)\n    return {'A': n, 'B': n == 1, 'C': False}\n"
    toy_bank.add(proof=proof)
    result = toy_bank.pytester.runpytest()
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*no decision for option(s) D; option A was decided by a int (0), not a bool*"])


def test_a_malformed_question_file_fails_naming_file_line_and_fix_and_the_rest_still_runs(toy_bank: ToyBank) -> None:
    question, _ = toy_bank.add()
    toy_bank.add(id="toy-fine")
    question.write_text(question.read_text().replace("answer: A", "answer: G"))
    result = toy_bank.pytester.runpytest()
    result.assert_outcomes(failed=1, passed=1)
    toy_bank.pytester.runpytest("-k", "toy-fine").assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(["*1 problem(s) in this question file:*", "*toy-count.yaml:11: [[]answer[]] answer must be one letter A-F, or a list of letters; got 'G'",
                                 "*fix: *"])


def test_an_unreachable_backend_is_skipped_with_its_reason_and_the_password_hidden(toy_bank: ToyBank) -> None:
    toy_bank.add(backends="[sqlite, postgresql]")
    result = toy_bank.pytester.runpytest("-rs", "--postgresql-url", "postgresql+psycopg://u:hunter2@127.0.0.1:1/x")
    result.assert_outcomes(passed=1, skipped=1)
    result.stdout.fnmatch_lines(["*postgresql unavailable: the given URL postgresql+psycopg://u:***@127.0.0.1:1/x is unreachable*"])
    assert "hunter2" not in result.stdout.str()


def test_a_required_backend_that_is_missing_fails(toy_bank: ToyBank) -> None:
    toy_bank.add(backends="[postgresql]")
    result = toy_bank.pytester.runpytest("--require-backend", "postgresql",
                                         "--postgresql-url", "postgresql+psycopg://u@127.0.0.1:1/x")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*postgresql is required (--require-backend) but unavailable*"])


def test_settings_are_also_ini_keys(toy_bank: ToyBank) -> None:
    toy_bank.add(backends="[sqlite, postgresql]")
    toy_bank.pytester.makeini("[pytest]\nbackend = sqlite\n")
    result = toy_bank.pytester.runpytest("--collect-only", "-q")
    assert "toy-count[sqlite]" in result.stdout.str() and "postgresql]" not in result.stdout.str()


def test_runs_under_xdist_without_collisions(toy_bank: ToyBank) -> None:
    pytest.importorskip("xdist")
    for n in range(4):
        toy_bank.add(id=f"toy-{n}", backends="[sqlite, postgresql, mariadb]")
    result = toy_bank.pytester.runpytest_subprocess("-n", "2", "-p", "xdist")
    result.assert_outcomes(passed=12)


LOCK_WAIT = """
from sqlalchemy import update
with lab.engine.connect() as holder, lab.other_connection() as waiter:
    holder.execute(update(thing).values(id=1))
    waiter.execute(update(thing).values(id=1))  # waits for holder's row lock
"""


@pytest.mark.parametrize("backend", ["postgresql", "mariadb"])
def test_a_proof_stuck_on_a_lock_is_stopped_and_the_next_question_passes(toy_bank: ToyBank, backend: str) -> None:
    toy_bank.add(id="a-waits", body=LOCK_WAIT, backends=f"[{backend}]")
    toy_bank.add(id="b-fine", backends=f"[{backend}]")
    result = toy_bank.pytester.runpytest("--proof-timeout", "2")
    if "unavailable" in result.stdout.str():
        pytest.skip(f"{backend} unavailable")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["*a-waits on *", "*the proof did not finish within 2 s and was stopped*"])
    assert result.duration < 30


def test_a_checkout_a_listener_aborts_and_the_pool_retries_is_not_a_leak(toy_bank: ToyBank) -> None:
    toy_bank.add(body="""
        from sqlalchemy import event, exc
        tries = []

        @event.listens_for(lab.engine, "checkout")
        def refuse_once(dbapi_connection, record, proxy):
            tries.append(1)
            if len(tries) == 1:
                raise exc.DisconnectionError("stale")

        with lab.engine.connect():
            pass
    """)
    toy_bank.pytester.runpytest().assert_outcomes(passed=1)


ENDLESS = ("conn.exec_driver_sql('WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) "
           "SELECT count(*) FROM c').scalar()")


def test_an_endless_sqlite_query_is_stopped_at_the_time_limit_and_the_next_question_passes(toy_bank: ToyBank) -> None:
    toy_bank.add(id="a-endless", body=f"with lab.engine.connect() as conn:\n    {ENDLESS}")
    toy_bank.add(id="b-fine")
    result = toy_bank.pytester.runpytest("--proof-timeout", "1")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["*the proof did not finish within 1 s and was stopped*"])


def test_a_proof_that_swallows_the_interrupted_query_is_still_stopped(toy_bank: ToyBank) -> None:
    body = f"with lab.engine.connect() as conn:\n    try:\n        {ENDLESS}\n    except Exception:\n        pass"
    toy_bank.add(id="a-swallows", body=body)
    toy_bank.add(id="b-fine")
    result = toy_bank.pytester.runpytest("--proof-timeout", "1")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["*the proof did not finish within 1 s and was stopped*"])


@pytest.mark.parametrize("value", ["0", "-1", "0.2", "nan", "inf", "100000"])
def test_a_proof_timeout_that_cannot_be_honoured_is_refused(toy_bank: ToyBank, value: str) -> None:
    toy_bank.add()
    result = toy_bank.pytester.runpytest("--proof-timeout", value)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    assert f"--proof-timeout takes whole or fractional seconds from 1 to 86400, not {value}" in result.stderr.str()


def test_a_record_is_capped_and_says_what_was_cut(toy_bank: ToyBank) -> None:
    from verifiers.harness.records import MAX_STATEMENTS, MAX_TEXT

    body = ("with lab.engine.connect() as c:\n"
            f"    for n in range({MAX_STATEMENTS + 10}):\n        c.exec_driver_sql('SELECT 1')\n"
            f"    lab.fact('huge', 'x' * {MAX_TEXT * 2})")
    toy_bank.add(body=body)
    toy_bank.pytester.runpytest().assert_outcomes(passed=1)
    record = json.loads((toy_bank.root / ".proofbank/records/core/toy-count/sqlite.json").read_text())
    assert len(record["sql"]) == MAX_STATEMENTS and record["statements_cut"] > 10
    huge = next(f["value"] for f in record["facts"] if f["label"] == "huge")
    assert huge.startswith(f"[cut: a value of {MAX_TEXT * 2 + 2} characters]") and len(huge) < MAX_TEXT

"""``proofbank quiz``: the exam's rules, the history file, and the command as a learner uses it."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy
from click.testing import CliRunner
from rich.console import Console

from verifiers.harness.bank import QuestionFile, load_question
from verifiers.harness.cli import main
from verifiers.harness.schema import DOMAINS
from verifiers.quiz import history as past
from verifiers.quiz import terminal
from verifiers.quiz.exam import Answer, AnswerError, Exam, domain_scores, parse_answer, pick_questions
from verifiers.quiz.pool import load_pool
from verifiers.quiz.terminal import QuizSession

ROOT = Path(__file__).resolve().parent.parent
VERSION = sqlalchemy.__version__

QUESTION = """\
id: {id}
domain: {domain}
level: mid
tags: [toy]
question: |
  Which statement about `{id}` holds?{select_all}

  ```python
  print("{id}")
  ```
options:
  A: "Statement A of {id}."
  B: "Statement B of {id}."
  C: "Statement C of {id}."
  D: "Statement D of {id}."
answer: {answer}
explanation: The explanation of {id}.
why:
  A: "Why A of {id}."
  B: "Why B of {id}."
  C: "Why C of {id}."
  D: "Why D of {id}."
references:
  - https://docs.sqlalchemy.org/en/20/
sqlalchemy: "{sqlalchemy}"
"""


def write_question(root: Path, domain: str, id: str, answer: str, select_all: bool = False,
                   sqlalchemy_spec: str = ">=2.0,<3") -> Path:
    path = root / "bank" / domain / f"{id}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(QUESTION.format(id=id, domain=domain, answer=answer, sqlalchemy=sqlalchemy_spec,
                                    select_all=" (Select all that apply.)" if select_all else ""))
    proof = root / "verifiers" / domain / f"{id.replace('-', '_')}.py"
    proof.parent.mkdir(parents=True, exist_ok=True)
    proof.write_text("def prove(lab):\n    return {}\n")
    return path


def toy_pool(root: Path, sizes: dict[str, int]) -> list[QuestionFile]:
    return [load_question(write_question(root, domain, f"{domain}-q{n}", "A"))
            for domain, size in sizes.items() for n in range(size)]


def ids(questions: tuple[QuestionFile, ...]) -> list[str]:
    return [qf.question.id for qf in questions]


# -- choosing the questions ----------------------------------------------------------------------


def test_selection_spreads_the_count_over_the_domains(tmp_path: Path) -> None:
    pool = toy_pool(tmp_path, {"core": 6, "session": 6, "querying": 1})
    got_the_odd_one = set()
    for count, expected in [(3, {"core": 1, "session": 1, "querying": 1}),
                            (7, {"core": 3, "session": 3, "querying": 1}),
                            (8, {"core": 4, "session": 3, "querying": 1})]:
        for seed in range(20):
            chosen = pick_questions(pool, count, seed).questions
            per_domain = Counter(qf.question.domain for qf in chosen)
            assert len(chosen) == count and len(set(ids(chosen))) == count
            if count == 8:  # one domain gets the odd question; which one depends on the seed
                assert sorted(per_domain.values()) == [1, 3, 4] and per_domain["querying"] == 1
                got_the_odd_one.add(per_domain.most_common(1)[0][0])
            else:
                assert per_domain == expected, (count, seed)
    assert got_the_odd_one == {"core", "session"}, "the same domain always gets the extra question"


def test_the_same_seed_gives_the_same_exam_whatever_the_pool_order(tmp_path: Path) -> None:
    pool = toy_pool(tmp_path, {"core": 4, "session": 4, "relationships": 4})
    first = ids(pick_questions(pool, 6, seed=42).questions)
    assert ids(pick_questions(list(reversed(pool)), 6, seed=42).questions) == first
    others = {tuple(ids(pick_questions(pool, 6, seed=s).questions)) for s in range(10)}
    assert len(others) > 5, "different seeds should give different exams"


def test_a_count_larger_than_the_pool_uses_every_question(tmp_path: Path) -> None:
    pool = toy_pool(tmp_path, {"core": 2, "session": 1})
    selection = pick_questions(pool, 10, seed=1)
    assert selection.short and selection.available == 3
    assert sorted(ids(selection.questions)) == ["core-q0", "core-q1", "session-q0"]
    assert not pick_questions(pool, 3, seed=1).short


# -- reading an answer ---------------------------------------------------------------------------


@pytest.mark.parametrize("text, expected", [
    ("b", {"B"}), ("B", {"B"}), ("A, C", {"A", "C"}), ("ac", {"A", "C"}), (" a c ", {"A", "C"}),
    ("a;c/d", {"A", "C", "D"}), ("ca", {"A", "C"}), ("aa", {"A"}),
])
def test_answers_are_read_in_every_usual_form(text: str, expected: set[str]) -> None:
    assert parse_answer(text, "ABCD", select_all=True) == frozenset(expected)


@pytest.mark.parametrize("text, select_all, message", [
    ("", True, "no answer"), (" , ", True, "no answer"), ("e", True, "'E' is not an option here; choose from A, B, C, D"),
    ("ax", True, "'X' is not an option"), ("xy", True, "'X', 'Y' are not options here"), ("ab", False, "exactly one answer"), ("a, b", False, "exactly one answer"),
])
def test_input_that_is_not_an_answer_says_what_to_type(text: str, select_all: bool, message: str) -> None:
    with pytest.raises(AnswerError, match=re.escape(message)):
        parse_answer(text, "ABCD", select_all)


# -- scoring and the clock -----------------------------------------------------------------------


def test_only_the_exact_set_of_letters_scores(tmp_path: Path) -> None:
    qf = load_question(write_question(tmp_path, "core", "pick-two", "[A, C]", select_all=True))
    key = qf.question.key_for(VERSION)
    assert key == {"A", "C"}
    assert Answer(qf.question, key, frozenset("AC")).correct
    for given in ["A", "C", "ACD", "B"]:
        assert not Answer(qf.question, key, frozenset(given)).correct, given
    assert not Answer(qf.question, key, None).correct


def test_per_version_keys_score_against_the_installed_release(tmp_path: Path) -> None:
    path = write_question(tmp_path, "core", "changed-in-2-1", '\n  ">=2.0,<2.1": [B]\n  ">=2.1,<2.2": [B, D]',
                          select_all=True, sqlalchemy_spec=">=2.0,<2.2")
    qf = load_question(path)
    older = Exam((qf,), "2.0.40", started=0)
    newer = Exam((qf,), "2.1.9", started=0)
    assert older.answer(frozenset("B"), now=1).correct
    assert not newer.answer(frozenset("B"), now=1).correct
    assert Exam((qf,), "2.1.9", started=0).answer(frozenset("BD"), now=1).correct
    with pytest.raises(ValueError, match="no key for SQLAlchemy 2.2.0 in: changed-in-2-1"):
        Exam((qf,), "2.2.0", started=0)


def test_answers_after_the_time_limit_are_not_counted_and_end_the_exam(tmp_path: Path) -> None:
    pool = tuple(toy_pool(tmp_path, {"core": 3, "session": 1}))
    exam = Exam(pool, VERSION, started=100.0, time_limit=60.0)
    assert exam.time_left(130.0) == 30.0 and not exam.out_of_time(160.0) and exam.out_of_time(160.5)
    assert exam.answer(frozenset("A"), now=159.0).counted
    late = exam.answer(frozenset("A"), now=161.0)
    assert late.late and not late.counted and not late.correct
    assert exam.ended_by == "time" and exam.current is None
    with pytest.raises(RuntimeError):
        exam.answer(frozenset("A"), now=162.0)
    results = exam.results
    assert [a.given is None for a in results] == [False, False, True, True]
    assert sum(s.answered for s in exam.scores()) == 1 and sum(s.correct for s in exam.scores()) == 1


def test_scores_per_domain_count_asked_answered_and_right(tmp_path: Path) -> None:
    core = load_question(write_question(tmp_path, "core", "c1", "A")).question
    session = load_question(write_question(tmp_path, "session", "s1", "B")).question
    answers = [Answer(core, frozenset("A"), frozenset("A")), Answer(core, frozenset("A"), frozenset("B")),
               Answer(session, frozenset("B"), None), Answer(session, frozenset("B"), frozenset("B"), late=True)]
    scores = {s.domain: s for s in domain_scores(answers)}
    assert list(scores) == ["core", "session"]
    assert (scores["core"].asked, scores["core"].answered, scores["core"].correct, scores["core"].percent) == (2, 2, 1, 50.0)
    assert (scores["session"].asked, scores["session"].answered, scores["session"].percent) == (2, 0, None)


# -- the history file ----------------------------------------------------------------------------


def an_entry(tmp_path: Path) -> dict:
    pool = tuple(toy_pool(tmp_path, {"core": 1}))
    exam = Exam(pool, VERSION, started=0)
    exam.answer(frozenset("A"), now=1)
    return past.exam_entry(exam, seed=3, domains=["core"], attempt=1)


def test_history_lives_in_proofbank_home_or_the_user_data_folder(tmp_path: Path) -> None:
    assert past.history_path({"PROOFBANK_HOME": str(tmp_path)}) == tmp_path / "quiz-history.json"
    assert past.history_path({}) == Path.home() / ".local/share/proofbank/quiz-history.json"


def test_history_is_written_atomically(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "deep" / "quiz-history.json"
    past.append_exam(path, an_entry(tmp_path))
    before = path.read_text()
    assert json.loads(before)["exams"][0]["scores"] == {"core": {"asked": 1, "answered": 1, "correct": 1}}

    def crash(*args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(past.HistoryError, match=f"cannot write the quiz history {re.escape(str(path))}: disk full"):
        past.append_exam(path, an_entry(tmp_path))
    assert path.read_text() == before
    assert [p.name for p in path.parent.iterdir()] == ["quiz-history.json"], "the temporary file was left behind"


@pytest.mark.parametrize("content, problem", [
    ("{not json", "it is not valid JSON"),
    ('[1, 2]', 'it is not an object with an "exams" list'),
    ('{"history_version": 1, "exams": [{"scores": {"core": {"asked": "x"}}}]}', 'exam 1 has no "scores"'),
    ('{"history_version": 99, "exams": []}', "its history_version is 99"),
])
def test_a_corrupt_history_is_moved_aside_and_named(tmp_path: Path, content: str, problem: str) -> None:
    path = tmp_path / "quiz-history.json"
    path.write_text(content)
    saved = past.append_exam(path, an_entry(tmp_path))
    (aside,) = tmp_path.glob("quiz-history.json.corrupt-*")
    assert aside.read_text() == content
    assert saved.notice is not None
    assert str(path) in saved.notice and problem in saved.notice and str(aside) in saved.notice
    assert len(json.loads(path.read_text())["exams"]) == 1
    path.write_text(content)
    past.load_history(path)
    assert len(list(tmp_path.glob("quiz-history.json.corrupt-*"))) == 2, "a second corrupt file overwrote the first"


# -- the command ---------------------------------------------------------------------------------


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "home"
    monkeypatch.setenv("PROOFBANK_HOME", str(folder))
    return folder


@pytest.fixture
def toy_root(tmp_path: Path) -> Path:
    """Two core questions keyed A and B, and two 'select all' session questions keyed A, C."""
    root = tmp_path / "project"
    write_question(root, "core", "core-a", "A")
    write_question(root, "core", "core-b", "B")
    write_question(root, "session", "session-ac-1", "[A, C]", select_all=True)
    write_question(root, "session", "session-ac-2", "[A, C]", select_all=True)
    return root


def quiz(*args: str, input: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["quiz", *args], input=input, env={"COLUMNS": "200"})
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.output


def score_row(output: str, domain: str) -> tuple[str, ...]:
    (row,) = re.findall(rf"^\W*{domain}\W+(\d+)\W+(\d+)\W+(\d+)\W+(\d+%|—)", output, re.M)
    return row


def test_an_exam_scores_each_domain_and_is_kept_in_the_history(toy_root: Path, home: Path) -> None:
    # "a" is right for core-a, wrong for core-b and wrong for both A+C questions, in any order.
    # "?", an empty line and "z" are not answers: each re-prompts without using up a question.
    code, out = quiz("--root", str(toy_root), "--seed", "7", input="?\na\n\nz\na\na\na\nn\nq\n")
    assert code == 0, out
    assert "Select all that apply" in out or "Type the letter of the one statement" in out
    assert "'Z' is not an option here" in out
    assert 'print("' in out, "the stem's python block is shown"
    assert score_row(out, "core") == ("2", "2", "1", "50%")
    assert score_row(out, "session") == ("2", "2", "0", "0%")
    assert score_row(out, "total") == ("4", "4", "1", "25%")
    assert "Only 4 question(s) are available in core, relationships, querying, session, integration" in out
    (exam,) = json.loads((home / "quiz-history.json").read_text())["exams"]
    assert exam["scores"] == {"core": {"asked": 2, "answered": 2, "correct": 1},
                              "session": {"asked": 2, "answered": 2, "correct": 0}}
    assert exam["ended_by"] == "finished" and exam["seed"] == 7
    assert {a["id"]: a["correct"] for a in exam["answers"]} == {
        "core-a": True, "core-b": False, "session-ac-1": False, "session-ac-2": False}


def test_end_of_input_ends_the_exam_and_scores_what_was_answered(toy_root: Path, home: Path) -> None:
    code, out = quiz("--root", str(toy_root), "--domain", "session", "--count", "2", input="ac\n")
    assert code == 0, out
    assert "Exam stopped" in out
    assert score_row(out, "session") == ("2", "1", "1", "100%")
    (exam,) = json.loads((home / "quiz-history.json").read_text())["exams"]
    assert exam["ended_by"] == "stopped" and [a["given"] for a in exam["answers"]].count(None) == 1


def test_retake_asks_the_same_questions_again_and_new_starts_another_exam(toy_root: Path, home: Path) -> None:
    code, out = quiz("--root", str(toy_root), "--count", "2", "--seed", "3",
                     input="a\na\nn\nr\nb\nb\nn\nn\na\na\nn\nq\n")
    assert code == 0, out
    assert len(out.split("Your score")) == 4, "three exams were scored"
    exams = json.loads((home / "quiz-history.json").read_text())["exams"]
    assert [e["attempt"] for e in exams] == [1, 2, 1]
    asked = [[a["id"] for a in e["answers"]] for e in exams]
    assert asked[0] == asked[1], "a retake asks the same questions in the same order"
    assert [a["given"] for a in exams[1]["answers"]] == [["B"], ["B"]]


def test_no_history_keeps_nothing(toy_root: Path, home: Path) -> None:
    code, out = quiz("--root", str(toy_root), "--count", "1", "--no-history", input="a\nn\nq\n")
    assert code == 0 and "Your score" in out and "Saved to" not in out
    assert not home.exists()


def _statement(seq: int, statement: str, line: int | None, phase: str, kind: str = "SELECT",
               parameters: Any = None) -> dict[str, Any]:
    return {"seq": seq, "connection": "main#1", "kind": kind, "statement": statement, "parameters": parameters,
            "executemany": False, "line": line, "phase": phase}


def test_review_shows_each_proof_line_with_its_sql_per_backend_setup_folded_and_the_facts(
        toy_root: Path, home: Path, tmp_path: Path) -> None:
    records = tmp_path / "records"
    folder = records / "core" / "core-a"
    folder.mkdir(parents=True)
    for backend, placeholder, count in [("sqlite", "?", 1), ("postgresql", "%(id_1)s::INTEGER", 2)]:
        (folder / f"{backend}.json").write_text(json.dumps({
            "record_version": 3, "id": "core-a", "domain": "core", "backend": backend, "status": "passed",
            "recorded_at": "2026-02-01T00:00:00+00:00", "server_version": f"{backend} 1", "sqlalchemy_version": VERSION,
            "facts": [{"label": "rows counted", "value": count, "line": 2}],
            "sql": [_statement(1, "CREATE TABLE seeded_table (id INTEGER)", 1, "setup", "CREATE TABLE"),
                    _statement(2, f"SELECT * FROM counted_table WHERE id = {placeholder}", 2, "test", parameters=[42]),
                    _statement(3, "SELECT 1 FROM harness_probe", None, "observe")]}))
    code, out = quiz("--root", str(toy_root), "--domain", "core", "--count", "2", "--seed", "1", "--records",
                     str(records), input="b\nb\ny\n\nq\n")
    assert code == 0, out
    assert "Review 1 of 2" in out and "Review 2 of 2" in out
    assert "The explanation of core-a." in out and "Why C of core-a." in out
    assert "verifiers/core/core_a.py" in out and "verifiers/core/core_b.py" in out
    assert "▸ setup · 1 statement: CREATE TABLE · sqlite, postgresql" in out and "seeded_table" not in out
    # the same statement in two paramstyles is shown once, under the line that sent it, with both backends named
    assert "under test · 1 statement: SELECT · sqlite, postgresql" in out
    assert out.count("SELECT * FROM counted_table WHERE id = ?;") == 1 and "%(id_1)s" not in out
    assert "parameters [42]" in out
    assert "Other statements" in out and "SELECT 1 FROM harness_probe;" in out
    assert re.search(r"≠ rows counted\s*│\s*1\s*│\s*2", out)  # the facts differ between backends
    assert "no run record; run `proofbank verify` first" in out  # core-b has none
    assert re.search(r"Your answer: B\s+key: A\s+wrong", out) and re.search(r"Your answer: B\s+key: B\s+right", out)


def test_time_limit_stops_counting_and_ends_the_exam(toy_root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    clock = {"t": 0.0}
    monkeypatch.setattr(terminal, "now", lambda: clock["t"])
    typed = iter(["a", "a", "a"])

    def ask(prompt: str) -> str:
        if prompt.startswith("Your answer"):
            clock["t"] += 40  # each answer takes 40 s; the limit is one minute
            return next(typed)
        return "q" if prompt.startswith("r:") else "n"

    console = Console(record=True, width=100)
    pool = load_pool(toy_root / "bank", ["core", "session"], VERSION).questions
    session = QuizSession(console, toy_root, toy_root / "records", pool, count=4, sqlalchemy_version=VERSION,
                          domains=["core", "session"], time_limit=60, seed=3, ask=ask)
    session.run()
    (exam,) = session.exams
    assert [a.late for a in exam.answers] == [False, True] and exam.ended_by == "time"
    out = console.export_text()
    assert "0:20 left" in out and "not counted" in out and "Time is up" in out
    assert score_row(out, "total")[:2] == ("4", "1")


def test_the_time_limit_option_reaches_the_exam(toy_root: Path, home: Path) -> None:
    code, out = quiz("--root", str(toy_root), "--time-limit", "1.5", "--count", "1", input="a\nn\nq\n")
    assert code == 0 and "time limit 1:30" in out and "1:30 left" in out


def test_past_lists_the_kept_exams(toy_root: Path, home: Path) -> None:
    assert quiz("--past", input="")[1].startswith("no past exams in ")
    quiz("--root", str(toy_root), "--domain", "session", "--count", "2", input="ac\nac\nn\nq\n")
    code, out = quiz("--past", input="")
    assert code == 0 and "Past exams (latest 1 of 1)" in out and "session 2/2" in out and "2/2 (100% of answered)" in out


def test_bad_options_and_a_broken_bank_are_reported(toy_root: Path, home: Path) -> None:
    code, out = quiz("--root", str(toy_root), "--domain", "orm", input="")
    assert code == 2 and "'orm' is not one of" in out and all(d in out for d in DOMAINS)
    code, out = quiz("--root", str(toy_root), "--count", "0", input="")
    assert code == 2
    broken = toy_root / "bank" / "core" / "broken.yaml"
    broken.write_text("id: broken\ndomain: core\nlevel: mid\nlevel: senior\n")
    code, out = quiz("--root", str(toy_root), input="")
    assert code == 1
    assert "bank/core/broken.yaml:4: key 'level' appears twice (lines 3 and 4)" in out
    assert "proofbank lint" in out


def test_questions_without_a_key_for_this_release_are_left_out(toy_root: Path, home: Path) -> None:
    write_question(toy_root, "core", "only-for-1-4", "A", sqlalchemy_spec=">=1.4,<2.0")
    code, out = quiz("--root", str(toy_root), "--domain", "core", input="a\na\nn\nq\n")
    assert code == 0
    assert f"1 question(s) make no claim for SQLAlchemy {VERSION} and are left out: only-for-1-4" in out
    assert score_row(out, "core")[0] == "2"


def test_a_full_exam_on_the_real_bank(home: Path, tmp_path: Path) -> None:
    pool = load_pool(ROOT / "bank", DOMAINS, VERSION).questions
    assert len(pool) >= 15
    right_with_a = {qf.question.domain: 0 for qf in pool}
    for qf in pool:
        right_with_a[qf.question.domain] += qf.question.key_for(VERSION) == {"A"}
    code, out = quiz("--root", str(ROOT), "--count", str(len(pool)), "--seed", "5", "--records",
                     str(tmp_path / "no-records"), input="a\n" * len(pool) + "y\n" + "\n" * len(pool) + "q\n")
    assert code == 0, out
    for domain, right in right_with_a.items():
        asked = sum(qf.question.domain == domain for qf in pool)
        assert score_row(out, domain)[:3] == (str(asked), str(asked), str(right)), domain
    assert out.count("no run record; run `proofbank verify` first") == len(pool)
    assert f"Review {len(pool)} of {len(pool)}" in out


def test_an_exam_stopped_before_any_answer_is_not_kept(toy_root: Path, home: Path) -> None:
    code, out = quiz("--root", str(toy_root), input="")
    assert code == 0 and "Exam stopped" in out and "Nothing was answered" in out
    assert score_row(out, "total") == ("4", "0", "0", "—")
    assert not (home / "quiz-history.json").exists()


def test_review_names_a_failed_run_and_an_unreadable_record(tmp_path: Path) -> None:
    folder = tmp_path / "core" / "q"
    folder.mkdir(parents=True)
    (folder / "sqlite.json").write_text(json.dumps({"record_version": 3, "id": "q", "backend": "sqlite", "status": "failed",
                                                    "recorded_at": "2026-01-01", "sql": []}))
    (folder / "mariadb.json").write_text("{half a record")
    (folder / "postgresql.json").write_text(json.dumps({"record_version": 3, "id": "other-question", "status": "passed",
                                                        "recorded_at": "2027-01-01", "sql": []}))
    records, troubles = terminal.run_records(tmp_path, "core", "q", ["sqlite", "postgresql", "mariadb"])
    assert list(records) == ["sqlite"] and troubles == [f"cannot read {folder / 'mariadb.json'}"]
    records, troubles = terminal.run_records(tmp_path, "core", "q", ["mariadb"])
    assert records == {} and troubles == ["no run record; run `proofbank verify` first",
                                          f"cannot read {folder / 'mariadb.json'}"]


def test_review_warns_when_a_run_did_not_pass(toy_root: Path, home: Path, tmp_path: Path) -> None:
    folder = tmp_path / "records" / "core" / "core-a"
    folder.mkdir(parents=True)
    (folder / "sqlite.json").write_text(json.dumps({"record_version": 3, "id": "core-a", "backend": "sqlite", "status": "failed",
                                                    "recorded_at": "2026-01-01", "sql": [], "facts": []}))
    code, out = quiz("--root", str(toy_root), "--domain", "core", "--count", "1", "--seed", "1", "--records",
                     str(tmp_path / "records"), input="a\ny\nq\n")
    assert code == 0, out
    assert "This run did not pass (failed)" in " ".join(out.split())


def test_the_command_runs_as_a_module_too(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "verifiers.harness.cli", "quiz", "--past"], cwd=ROOT, text=True,
                            capture_output=True, env={**os.environ, "PROOFBANK_HOME": str(tmp_path)}, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"no past exams in {tmp_path / 'quiz-history.json'}")

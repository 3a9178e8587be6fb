"""Every question in the bank decides every option: any key but its own fails.

Each question runs once, on the first backend it is about (SQLite where it
can: the judging does not depend on the backend, and the bank's own items
already prove every backend); the observed truths are then judged against
every other key a question could have: each single letter, and each key one
letter away from the real one.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from verifiers.harness.backends.base import BackendUnusable
from verifiers.harness.backends.registry import BackendMissing, Backends
from verifiers.harness.bank import iter_question_paths, load_question
from verifiers.harness.runner import run_question
from verifiers.harness.settings import Settings
from verifiers.harness.verdict import judge

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = [load_question(p) for p in iter_question_paths(ROOT / "bank")]
CASES = [(qf, qf.question.backends[0]) for qf in QUESTIONS]


def other_keys(letters: list[str], key: frozenset[str]) -> set[frozenset[str]]:
    singles = {frozenset([x]) for x in letters}
    neighbours = {key ^ {x} for x in letters} - {frozenset()}
    return (singles | neighbours) - {key}


def test_the_bank_is_not_empty() -> None:
    assert len(QUESTIONS) >= 15


@pytest.mark.parametrize(("question_file", "backend"), CASES, ids=[f"{q.question.id}[{b}]" for q, b in CASES])
def test_only_the_questions_own_key_passes(question_file, backend: str, proofbank_backends: Backends,
                                           request: pytest.FixtureRequest) -> None:
    try:
        server = proofbank_backends.get(backend)
    except (BackendMissing, BackendUnusable) as missing:
        if backend in Settings.from_config(request.config).required:
            pytest.fail(f"{backend} is required but unavailable: {missing}")
        pytest.skip(f"{backend} unavailable: {missing}")
    outcome = run_question(question_file, server, timeout=60)
    if outcome.status == "outside":
        pytest.skip(f"SQLAlchemy {outcome.sqlalchemy_version} is outside {question_file.question.sqlalchemy}")
    assert outcome.passed, outcome.problem or outcome.verdict
    assert outcome.decisions is not None
    question = question_file.question
    for key in other_keys(list(question.options), outcome.compared_with.key):
        verdict = judge(question, outcome.decisions, key=key)
        assert not verdict.passed, f"{question.id} on {backend} would also pass with key {sorted(key)}"
        assert verdict.disagreements, "a failing verdict names the options that differ"


def test_single_answer_keys_do_not_give_away_their_position() -> None:
    """A learner who always picks one letter must not score: no letter keys more than 40% of single answers."""
    single = [q.question.answer for q in QUESTIONS if isinstance(q.question.answer, str)]
    counts = {letter: single.count(letter) for letter in sorted(set(single))}
    worst = max(counts, key=counts.__getitem__)
    assert counts[worst] <= 0.4 * len(single), (
        f"{counts[worst]} of {len(single)} single-answer keys are {worst} ({counts}); "
        "move the true option of new questions to other letters"
    )

"""The practice exam's rules, with no input or output: pick, parse, score, time.

Times are plain numbers of seconds from any monotonic clock, passed in by the
caller, so a test can run a 30-minute exam in no time.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from verifiers.harness.bank import QuestionFile
from verifiers.harness.schema import DOMAINS, SELECT_ALL, Question


def is_select_all(question: Question) -> bool:
    """Whether the stem asks for every option that holds, rather than one letter."""
    return SELECT_ALL in question.question.lower()


@dataclass(frozen=True)
class Selection:
    """The questions chosen for an exam, and why it may hold fewer than were asked for."""

    questions: tuple[QuestionFile, ...]
    requested: int
    available: int

    @property
    def short(self) -> bool:
        return self.available < self.requested


def pick_questions(pool: Iterable[QuestionFile], count: int, seed: int | None = None) -> Selection:
    """Choose ``count`` questions spread evenly over the domains present in ``pool``.

    Each domain gives its share in turn (round robin over the domains in a
    shuffled order), so no domain gets two more questions than another unless
    it ran out. The same pool and seed always give the same exam; the order of
    ``pool`` does not matter.
    """
    if count < 1:
        raise ValueError("an exam needs at least one question")
    rng = random.Random(seed)
    by_domain: dict[str, list[QuestionFile]] = {}
    for qf in sorted(pool, key=lambda qf: (qf.question.domain, qf.question.id)):
        by_domain.setdefault(qf.question.domain, []).append(qf)
    for questions in by_domain.values():
        rng.shuffle(questions)
    domains = sorted(by_domain, key=DOMAINS.index)
    rng.shuffle(domains)
    available = sum(len(q) for q in by_domain.values())
    chosen: list[QuestionFile] = []
    while len(chosen) < min(count, available):
        for domain in domains:
            if by_domain[domain] and len(chosen) < count:
                chosen.append(by_domain[domain].pop())
    rng.shuffle(chosen)
    return Selection(tuple(chosen), requested=count, available=available)


class AnswerError(ValueError):
    """Input that is not an answer to this question; the message says what to type instead."""


def parse_answer(text: str, letters: Sequence[str], select_all: bool) -> frozenset[str]:
    """Read "b", "A, C", "ac" or "a c" as a set of option letters.

    Letters are case-insensitive; spaces, commas, semicolons and slashes
    separate them or may be left out. A question with one answer takes one
    letter.
    """
    cleaned = re.sub(r"[\s,;/]+", "", text).upper()
    if not cleaned:
        raise AnswerError("no answer given")
    unknown = sorted({c for c in cleaned if c not in letters})
    if unknown:
        named = ", ".join(repr(c) for c in unknown)
        verb = "is not an option" if len(unknown) == 1 else "are not options"
        raise AnswerError(f"{named} {verb} here; choose from {', '.join(letters)}")
    chosen = frozenset(cleaned)
    if len(chosen) > 1 and not select_all:
        raise AnswerError("this question has exactly one answer: type one letter")
    return chosen


@dataclass(frozen=True)
class Answer:
    """One question as the learner answered it (or not)."""

    question: Question
    key: frozenset[str]
    given: frozenset[str] | None  # None: not answered (stopped, or time ran out first)
    late: bool = False  # answered after the time limit, so not counted

    @property
    def counted(self) -> bool:
        return self.given is not None and not self.late

    @property
    def correct(self) -> bool:
        """Exact set match: every letter of the key and no other."""
        return self.counted and self.given == self.key


@dataclass(frozen=True)
class DomainScore:
    domain: str
    asked: int
    answered: int
    correct: int

    @property
    def percent(self) -> float | None:
        """Share of the counted answers that were right; None when none was counted."""
        return 100.0 * self.correct / self.answered if self.answered else None


def domain_scores(answers: Iterable[Answer]) -> list[DomainScore]:
    """One score per domain, in the bank's domain order."""
    tally: dict[str, list[int]] = {}
    for answer in answers:
        asked_answered_correct = tally.setdefault(answer.question.domain, [0, 0, 0])
        asked_answered_correct[0] += 1
        asked_answered_correct[1] += answer.counted
        asked_answered_correct[2] += answer.correct
    return [DomainScore(d, *tally[d]) for d in sorted(tally, key=DOMAINS.index)]


def total_score(scores: Iterable[DomainScore]) -> DomainScore:
    scores = list(scores)
    return DomainScore("total", sum(s.asked for s in scores), sum(s.answered for s in scores),
                       sum(s.correct for s in scores))


@dataclass
class Exam:
    """An exam in progress: its questions, the answers so far, and the clock.

    ``started`` and every ``now`` come from the same monotonic clock;
    ``time_limit`` is in seconds, or None for no limit.
    """

    questions: tuple[QuestionFile, ...]
    sqlalchemy_version: str
    started: float
    time_limit: float | None = None
    answers: list[Answer] = field(default_factory=list)
    ended_by: str | None = None  # "finished", "stopped" or "time"

    def __post_init__(self) -> None:
        missing = [qf.question.id for qf in self.questions if qf.question.key_for(self.sqlalchemy_version) is None]
        if missing:
            raise ValueError(f"no key for SQLAlchemy {self.sqlalchemy_version} in: {', '.join(missing)}")

    def key(self, qf: QuestionFile) -> frozenset[str]:
        key = qf.question.key_for(self.sqlalchemy_version)
        assert key is not None  # checked in __post_init__
        return key

    @property
    def current(self) -> QuestionFile | None:
        """The next question to ask, or None once the exam has ended."""
        if self.ended_by is not None or len(self.answers) >= len(self.questions):
            return None
        return self.questions[len(self.answers)]

    def time_left(self, now: float) -> float | None:
        if self.time_limit is None:
            return None
        return max(0.0, self.started + self.time_limit - now)

    def out_of_time(self, now: float) -> bool:
        return self.time_limit is not None and now > self.started + self.time_limit

    def answer(self, given: frozenset[str], now: float) -> Answer:
        """Record the answer to the current question, given at ``now``.

        An answer given after the time limit is kept but not counted, and ends the exam.
        """
        qf = self.current
        if qf is None:
            raise RuntimeError("the exam has ended; there is no question to answer")
        late = self.out_of_time(now)
        answer = Answer(qf.question, self.key(qf), given, late=late)
        self.answers.append(answer)
        if late:
            self.ended_by = "time"
        elif len(self.answers) == len(self.questions):
            self.ended_by = "finished"
        return answer

    def stop(self, reason: str) -> None:
        """End the exam early ("stopped" or "time"); the questions not reached count as unanswered."""
        if self.ended_by is None:
            self.ended_by = reason

    @property
    def results(self) -> list[Answer]:
        """Every question of the exam: the answers given, then the ones never reached."""
        reached = list(self.answers)
        for qf in self.questions[len(reached):]:
            reached.append(Answer(qf.question, self.key(qf), None))
        return reached

    def scores(self) -> list[DomainScore]:
        return domain_scores(self.results)

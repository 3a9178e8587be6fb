"""Run one question's proof on one backend and collect everything it observed."""

from __future__ import annotations

import dataclasses
import gc
import os
import platform
import threading
import re
import time
import traceback
import warnings
from dataclasses import dataclass, field
from typing import Literal

import sqlalchemy
from sqlalchemy.exc import DBAPIError, SADeprecationWarning, SAWarning

from .backends.base import QuestionDatabase, Server, ServerFailed
from .isolation import can_isolate, run_in_child
from .jsonvalue import json_safe
from .bank import QuestionFile
from .schema import Question, VersionKey
from .capture import Statement
from .deadline import ProofTimeout, deadline
from .decision import Parts, parts_of
from .lab import Fact, Lab
from .proofmodule import ProofModuleInvalid, loaded_proof
from .verdict import DecisionsInvalid, Verdict, check_claims, check_decisions, judge

Status = Literal["passed", "failed", "error", "outside"]
_CATEGORIES = {"SADeprecationWarning": SADeprecationWarning, "SAWarning": SAWarning,
               "DeprecationWarning": DeprecationWarning}
_WATCHED = (SAWarning, DeprecationWarning, PendingDeprecationWarning)


@dataclass
class Outcome:
    """What happened when one question ran on one backend."""

    question: QuestionFile
    backend: str
    status: Status
    verdict: Verdict | None = None
    decisions: dict[str, bool] | None = None
    decision_parts: dict[str, Parts] = field(default_factory=dict)  # options decided with all_of(...)
    problem: str | None = None
    facts: list[Fact] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    statements_not_kept: int = 0  # sent past the transcript's limit: counted, not kept
    duration: float = 0.0
    proof_seconds: float = 0.0  # the proof's own work: executing its module and prove(); the rest is the harness's
    server_version: str = ""
    sqlalchemy_version: str = sqlalchemy.__version__
    python_version: str = platform.python_version()
    compared_with: VersionKey | None = None

    @property
    def passed(self) -> bool:
        return self.status == "passed"

    @property
    def in_range(self) -> bool:
        return self.question.question.key_for(self.sqlalchemy_version) is not None

    @property
    def holds(self) -> bool | None:
        """Whether the options observed to hold are a key the question declares (None: undecided)."""
        if self.verdict is None:
            return None
        return self.verdict.observed_key in {k.key for k in self.question.question.keys} and not self.verdict.broken_claims


def key_to_compare(question: Question, version: str) -> VersionKey:
    """The key claimed for ``version``; outside the declared range, the nearest range's key."""
    return question.range_for(version) or question.nearest_key(version)


def _unexpected_warnings(question_file: QuestionFile, caught: list[warnings.WarningMessage]) -> list[str]:
    allowed = [(_CATEGORIES[w.category], re.compile(w.match)) for w in question_file.question.warnings]
    unexpected = []
    for message in caught:
        if not issubclass(message.category, _WATCHED):
            continue
        text = str(message.message)
        if any(issubclass(message.category, cat) and pattern.search(text) for cat, pattern in allowed):
            continue
        unexpected.append(f"{message.category.__name__}: {text} ({message.filename}:{message.lineno})")
    return unexpected


def _proof_traceback(error: BaseException, proof_path: str) -> str:
    """The exception, with the frames inside the proof file (the ones an author can act on), and, when it
    was raised inside SQLAlchemy, the library's frame that raised it."""
    frames = traceback.extract_tb(error.__traceback__)
    own = [f for f in frames if f.filename == proof_path]
    lines = [f"  {f.filename}:{f.lineno}, in {f.name}\n    {f.line}" for f in own]
    if frames and frames[-1].filename != proof_path and f"{os.sep}sqlalchemy{os.sep}" in frames[-1].filename:
        last = frames[-1]
        where = last.filename[last.filename.rindex(f"{os.sep}sqlalchemy{os.sep}") + 1:]
        lines.append(f"  raised inside SQLAlchemy at {where}:{last.lineno}, in {last.name}")
    summary = "".join(traceback.format_exception_only(type(error), error)).strip()
    return "\n".join(lines + [summary])


def server_failure(server: Server, error: BaseException) -> ServerFailed:
    """The server stopped answering during a proof: the backend's failure, reported once."""
    detail = " ".join(str(getattr(error, "orig", None) or error).split())[:300]
    answer = server.ping() or "it answers again now"
    last = "" if answer == detail else f"; the proof's last error: {detail}"
    return ServerFailed(f"{server.backend} stopped answering during a proof ({answer}){last}")


def _timed_out(timeout: float) -> str:
    return (
        f"the proof did not finish within {timeout:g} s and was stopped. Look for a wait on a lock held by "
        f"another connection of the same proof, or a loop; raise --proof-timeout only if it is really that slow"
    )


def _caused_by_timeout(error: BaseException) -> bool:
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        if isinstance(current, ProofTimeout):
            return True
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return False


_frozen = False


def _freeze_the_long_lived() -> None:
    """Move everything alive before the first proof (modules, the collected bank) out of the collector's reach.

    The runner collects each proof's garbage while the proof's warnings are still recorded; without this,
    each of those collections walked every object of SQLAlchemy, pytest and the bank (tens of milliseconds
    an item). Frozen objects are the ones that live for the whole run anyway.
    """
    global _frozen
    if not _frozen:
        gc.collect()
        gc.freeze()
        _frozen = True


KILL_GRACE = 5.0  # seconds past the time limit before an isolated proof's process is killed


def run_question(question_file: QuestionFile, server: Server, timeout: float, isolate: bool = True) -> Outcome:
    """Run the proof of ``question_file`` on ``server`` within ``timeout`` seconds, then clean up.

    With ``isolate`` (where the platform can fork), the proof runs in a child process of this one, so nothing it
    changes (patched classes, global listeners, threads, the working folder) reaches the next proof, and a proof
    that ignores every interruption or ends its process is reported instead of stopping the run.
    """
    started = time.perf_counter()
    with server.question_database() as database:
        _freeze_the_long_lived()
        if isolate and can_isolate():
            outcome = _prove_in_child(question_file, server, database, timeout)
        else:
            server.prepare_next()
            outcome = _prove(question_file, server, database, timeout)
    outcome.server_version = server.version
    outcome.duration = time.perf_counter() - started
    return outcome


def _prove_in_child(question_file: QuestionFile, server: Server, database: QuestionDatabase,
                    timeout: float) -> Outcome:
    def work() -> Outcome:
        outcome = _prove(question_file, server, database, timeout)
        return _portable(outcome)

    result = run_in_child(work, timeout + KILL_GRACE if timeout > 0 else 24 * 3600.0,
                          around_fork=server.quiet, after_fork=server.prepare_next)
    if result.problem is not None:
        outcome = Outcome(question_file, server.backend, "error", server_version=server.version)
        if result.killed:
            outcome.problem = _timed_out(timeout) + " It ignored the interruption, so its process was killed."
            outcome.proof_seconds = timeout + KILL_GRACE
        else:
            outcome.problem = (f"the proof could not be judged: {result.problem}. A proof must return its "
                               f"decisions; it may not end its process")
        return outcome
    outcome = result.value
    outcome.question = question_file
    return outcome


def _portable(outcome: Outcome) -> Outcome:
    """The outcome with its observations as plain data, ready to cross from the child to the parent."""
    outcome.facts = [Fact(f.label, json_safe(f.value), f.line) for f in outcome.facts]
    outcome.statements = [dataclasses.replace(s, parameters=json_safe(s.parameters)) for s in outcome.statements]
    outcome.question = None  # type: ignore[assignment]  # the parent has it
    return outcome


def _prove(question_file: QuestionFile, server: Server, database: QuestionDatabase, timeout: float) -> Outcome:
    """Run the proof here, in this process, on a database made for it."""
    proof_path = question_file.proof_path
    outcome = Outcome(question_file, server.backend, "error", server_version=server.version)
    lab = Lab(database, str(proof_path))
    threads_before = set(threading.enumerate())
    collecting = gc.isenabled()
    # With the cycle collector paused, a Session or Connection the proof did not close
    # is still checked out when it returns, so the leak check sees it every time.
    gc.disable()
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            proof_started = time.perf_counter()
            try:
                with deadline(timeout), loaded_proof(proof_path) as module:
                    returned = module.prove(lab)
            finally:
                outcome.proof_seconds = time.perf_counter() - proof_started
            if timeout > 0 and outcome.proof_seconds >= timeout:
                # the limit cannot be swallowed: a proof that caught the interruption still ran out of time
                raise ProofTimeout(timeout)
            leaked = lab.leaked_connections()
            # Collect the proof's garbage while its warnings are still being recorded: what warns on the
            # way out (a coroutine never awaited, a connection left to the collector) belongs to this proof.
            gc.collect()
        outcome.decisions = check_decisions(question_file.question, returned)
        outcome.decision_parts = parts_of(returned)
        unexpected = _unexpected_warnings(question_file, caught)
        running = _threads_left(threads_before)
        if leaked:
            outcome.problem = (
                "the proof left connection(s) checked out: "
                + ", ".join(f"{n} on the {label!r} engine" for label, n in leaked.items())
                + ". Close every Connection and Session, e.g. with `with Session(lab.engine) as session:`"
            )
        elif running:
            outcome.problem = (f"the proof left thread(s) running: {', '.join(running)}. Join every thread it "
                               f"starts before prove() returns")
        elif unexpected:
            outcome.problem = (
                "the proof raised warning(s) the question does not declare:\n  " + "\n  ".join(unexpected)
                + "\nFix the proof, or, if the question is about this warning, declare it under `warnings:`"
            )
        else:
            outcome.compared_with = key_to_compare(question_file.question, outcome.sqlalchemy_version)
            claims = check_claims(question_file.question, lab.facts, outcome.sqlalchemy_version)
            outcome.verdict = judge(question_file.question, outcome.decisions, outcome.compared_with.key, claims)
            if not outcome.in_range:
                outcome.status = "outside"
            else:
                outcome.status = "passed" if outcome.verdict.passed else "failed"
    except (DecisionsInvalid, ProofModuleInvalid) as error:
        outcome.problem = str(error)
    except (ProofTimeout, Exception) as error:
        if isinstance(error, DBAPIError) and server.ping() is not None:
            # not the proof's doing: the server went away under it
            raise server_failure(server, error) from error
        # The timeout may surface as another error: a `with` block's cleanup failing on the interrupted connection.
        if _caused_by_timeout(error) or (timeout > 0 and outcome.proof_seconds >= timeout):
            outcome.problem = _timed_out(timeout)
        else:
            outcome.problem = "the proof raised an exception:\n" + _proof_traceback(error, str(proof_path))
    except (KeyboardInterrupt, SystemExit) as error:
        if not _in_child():
            raise
        outcome.problem = (f"the proof raised {type(error).__name__}"
                           f"{f'({error})' if str(error) else ''}; a proof must return its decisions")
    finally:
        if collecting:
            gc.enable()
        lab.transcript.settle()
        outcome.facts = list(lab.facts)
        outcome.statements = list(lab.transcript.statements)
        outcome.statements_not_kept = lab.transcript.dropped
        lab.close()
    return outcome


def _threads_left(before: set[threading.Thread], grace: float = 0.5) -> list[str]:
    """Threads the proof started that are still running (after a short grace to finish), by name."""
    started = [t for t in threading.enumerate() if t not in before and t.is_alive() and not t.daemon]
    ends = time.monotonic() + grace
    for thread in started:
        thread.join(max(0.0, ends - time.monotonic()))
    return [t.name for t in started if t.is_alive()]


_PARENT = os.getpid()


def _in_child() -> bool:
    return os.getpid() != _PARENT

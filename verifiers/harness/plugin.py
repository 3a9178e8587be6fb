"""The pytest plugin: each question file becomes one test item per backend.

``bank/session/flushed-rows-invisible-to-others.yaml::flushed-rows-invisible-to-others[postgresql]``
runs that question's proof on PostgreSQL. Select with ``-k`` by id, domain,
backend or tag (``-k "session and postgresql"``), or with ``--backend``.
"""

from __future__ import annotations

import io
import json
import os
import signal
import threading
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from .backends.base import BackendUnusable, ServerFailed
from .backends.registry import BackendMissing, Backends, CleanupFailed
from .bank import QuestionFile, QuestionFileError, load_question
from .records import write_record
from .report import render_failure, render_outside
from .runner import Outcome, run_question
from .settings import Settings, add_options
from .summary import Summary

_SETTINGS = pytest.StashKey[Settings]()
_IDS = pytest.StashKey[dict[str, Path]]()
PROPERTY = "proofbank"
OUTSIDE = "proofbank_outside_range"  # set on an item that ran outside its question's SQLAlchemy range
INFRASTRUCTURE = "proofbank_infrastructure"  # "server failed" or "not run": the backend's failure, not the question's
RECORDS_PROBLEM = "proofbank_records_problem"  # why records stopped being written (carried from xdist workers)


class QuestionFailed(Exception):
    """The proof ran and the options that hold differ from the key, or it could not decide them."""

    def __init__(self, outcome: Outcome) -> None:
        super().__init__(outcome.problem or "options differ from the key")
        self.outcome = outcome


def pytest_addoption(parser: pytest.Parser) -> None:
    add_options(parser)


def _terminate_like_ctrl_c(_signum: int, _frame: Any) -> None:
    raise KeyboardInterrupt("SIGTERM")


def pytest_configure(config: pytest.Config) -> None:
    config.stash[_SETTINGS] = Settings.from_config(config)
    # SIGTERM (a CI timeout, `kill`) cleans up as Ctrl-C does: pytest unwinds and every fixture's teardown runs.
    if threading.current_thread() is threading.main_thread() and signal.getsignal(signal.SIGTERM) == signal.SIG_DFL:
        signal.signal(signal.SIGTERM, _terminate_like_ctrl_c)
    if not hasattr(config, "workerinput") and not config.option.collectonly:
        problem = check_record_dir(config.stash[_SETTINGS].record_dir)
        if problem:
            raise pytest.UsageError(f"{problem}. Free or fix that folder, or choose another with --record-dir")
    config.stash[_IDS] = {}
    if not hasattr(config, "workerinput"):  # the xdist controller (or a plain run) reports, not workers
        config.pluginmanager.register(SummaryReporter(config), "proofbank-summary")
    config.addinivalue_line("markers", "proofbank: a question of the bank proved on one backend")


def is_question_file(path: Path) -> bool:
    return path.suffix == ".yaml" and len(path.parts) >= 3 and path.parent.parent.name == "bank"


def pytest_collect_file(parent: pytest.Collector, file_path: Path) -> pytest.Collector | None:
    if is_question_file(file_path):
        return QuestionCollector.from_parent(parent, path=file_path)
    return None


class QuestionCollector(pytest.File):
    """Reads one question file and yields an item for each backend it runs on."""

    def collect(self) -> Iterator[pytest.Item]:
        try:
            question_file = load_question(self.path)
        except QuestionFileError as error:
            problems = error.problems
            yield BrokenQuestionFile.from_parent(self, name=f"{self.path.stem}[file]", text=(
                f"{len(problems)} problem(s) in this question file:\n" + "\n".join(p.render() for p in problems)))
            return
        question = question_file.question
        ids = self.config.stash[_IDS]
        first = ids.setdefault(question.id, self.path)
        if first != self.path:
            yield BrokenQuestionFile.from_parent(self, name=f"{self.path.stem}[file]", text=(
                f"{self.path}: id {question.id!r} is also used by {first}; give one of them another id"))
            return
        settings = self.config.stash[_SETTINGS]
        for backend in question.backends:
            if backend not in settings.backends:
                continue
            item = QuestionItem.from_parent(
                self, name=f"{question.id}[{backend}]", callobj=_question_test(question_file, backend),
            )
            item.question_file = question_file
            item.backend = backend
            item.extra_keyword_matches.update({question.domain, backend, question.level, *question.tags})
            item.add_marker(pytest.mark.proofbank)
            item.user_properties.append((PROPERTY, json.dumps({"domain": question.domain, "backend": backend})))
            yield item


def _question_test(question_file: QuestionFile, backend: str) -> Any:
    def proofbank_question(proofbank_backends: Backends, request: pytest.FixtureRequest) -> None:
        __tracebackhide__ = True
        settings = request.config.stash[_SETTINGS]
        try:
            server = proofbank_backends.get(backend)
        except BackendMissing as missing:
            if backend in settings.required:
                pytest.fail(f"{backend} is required (--require-backend) but unavailable: {missing}", pytrace=False)
            pytest.skip(f"{backend} unavailable: {missing}")
        except BackendUnusable as unusable:
            pytest.exit(f"{backend}: {unusable}", returncode=pytest.ExitCode.USAGE_ERROR)
        if backend in proofbank_backends.failed:
            request.node.user_properties.append((INFRASTRUCTURE, "not run"))
            pytest.skip(f"not run: {backend} failed earlier in this run ({proofbank_backends.failed[backend]})")
        try:
            outcome = run_question(question_file, server, settings.proof_timeout, settings.isolate)
        except ServerFailed as failure:
            proofbank_backends.failed[backend] = str(failure)
            request.node.user_properties.append((INFRASTRUCTURE, "server failed"))
            raise BackendFailedHere(f"{failure}\nThis is the server's failure, not the question's: the rest of "
                                    f"the run's {backend} items are not run. Check the server, then run again.") from None
        _write_record_once(outcome, settings.record_dir, request.config)
        if records_problem(request.config):
            request.node.user_properties.append((RECORDS_PROBLEM, records_problem(request.config)))
        if outcome.status == "outside":
            request.node.user_properties.append((OUTSIDE, True))
            pytest.skip(render_outside(outcome))
        if not outcome.passed:
            raise QuestionFailed(outcome)

    return proofbank_question


class HarnessCleanupWarning(UserWarning):
    """The harness could not remove something it made; the next run removes it once this one has ended."""


class BackendFailedHere(Exception):
    """The backend's server stopped working during this item; the message says so once."""


_RECORDS_UNWRITABLE = pytest.StashKey[str]()


def _write_record_once(outcome: Outcome, directory: Path, config: pytest.Config) -> None:
    """Write the record; if the folder cannot take it (full, read-only), say so once at the end, not per item."""
    if _RECORDS_UNWRITABLE in config.stash:
        return
    try:
        write_record(outcome, directory)
    except OSError as error:
        config.stash[_RECORDS_UNWRITABLE] = f"{directory}: {error.strerror or error}"


def records_problem(config: pytest.Config) -> str | None:
    """Why records stopped being written during the run, if they did."""
    return config.stash.get(_RECORDS_UNWRITABLE, None)


def check_record_dir(directory: Path) -> str | None:
    """Why run records cannot be written to ``directory``, or None: checked once, before anything runs."""
    try:
        directory.mkdir(parents=True, exist_ok=True)
        probe = directory / f".probe-{os.getpid()}"
        probe.write_text("ok", encoding="utf-8")
        probe.unlink()
    except OSError as error:
        return f"cannot write run records to {directory}: {error.strerror or error}"
    return None


class BrokenQuestionFile(pytest.Item):
    """A question file that cannot be read, as one failing item: the rest of the bank still runs,
    and ``-k`` on another question leaves it out."""

    def __init__(self, *, text: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.text = text
        self.add_marker(pytest.mark.proofbank)

    def runtest(self) -> None:
        raise QuestionFileUnreadable(self.text)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException]) -> Any:  # type: ignore[override]
        if isinstance(excinfo.value, QuestionFileUnreadable):
            return self.text
        return super().repr_failure(excinfo)

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, 0, self.name


class QuestionFileUnreadable(Exception):
    """Raised by a :class:`BrokenQuestionFile` item; its text lists the problems and their fixes."""


class QuestionItem(pytest.Function):
    """One question on one backend; its failures read as a report, not a traceback."""

    question_file: QuestionFile
    backend: str

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, self.question_file.line_of("id") - 1, self.name

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException]) -> Any:  # type: ignore[override]
        if isinstance(excinfo.value, QuestionFailed):
            return render_failure(excinfo.value.outcome)
        if isinstance(excinfo.value, BackendFailedHere):
            return str(excinfo.value)
        return super().repr_failure(excinfo)


@pytest.fixture(scope="session")
def proofbank_backends(request: pytest.FixtureRequest) -> Iterator[Backends]:
    """The servers of this run (per xdist worker), closed and cleaned up at the end."""
    settings = request.config.stash[_SETTINGS]
    backends = Backends(urls=settings.urls, timeout=settings.proof_timeout)
    try:
        yield backends
    finally:
        try:
            backends.close()
        except CleanupFailed as failure:  # the harness's own housekeeping: one clear line, not an item's error
            warnings.warn(HarnessCleanupWarning(f"the run could not remove everything it made: {failure}"), stacklevel=1)


def pytest_sessionfinish(session: pytest.Session) -> None:
    """After a parallel run, the controller removes what a crashed worker left (its lock died with it)."""
    config = session.config
    if hasattr(config, "workerinput") or not getattr(config.option, "numprocesses", None):
        return
    settings = config.stash[_SETTINGS]
    for problem in Backends(urls=settings.urls, timeout=settings.proof_timeout).reap():
        warnings.warn(HarnessCleanupWarning(f"could not look for leftovers of crashed workers on {problem}"))


class SummaryReporter:
    """Counts question results per domain and backend and prints the table at the end."""

    def __init__(self, config: pytest.Config) -> None:
        self.config = config
        self.summary = Summary()
        self.records_problem: str | None = None

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        properties = dict(report.user_properties)
        if PROPERTY not in properties:
            return
        if report.when == "call" or (report.when == "setup" and not report.passed):
            info = json.loads(properties[PROPERTY])
            result = "error" if report.when == "setup" and report.failed else report.outcome
            if OUTSIDE in properties:
                result = "outside range"
            if INFRASTRUCTURE in properties:
                result = properties[INFRASTRUCTURE]
            self.summary.add(info["domain"], info["backend"], result)
        if RECORDS_PROBLEM in properties:
            self.records_problem = properties[RECORDS_PROBLEM]

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        if not self.summary.counts:
            return
        buffer = io.StringIO()
        Console(file=buffer, force_terminal=False, width=110).print(self.summary.table())
        terminalreporter.write_sep("=", "proofbank")
        terminalreporter.write(buffer.getvalue())
        terminalreporter.write_line(f"records: {self.config.stash[_SETTINGS].record_dir}")
        problem = self.records_problem or records_problem(self.config)
        if problem:
            terminalreporter.write_line(f"records stopped being written ({problem}): the results above stand, "
                                        f"but the pages and the matrix will not show them", red=True)

"""The display of ``proofbank verify``: a progress bar while pytest runs, then failures and the table."""

from __future__ import annotations

from typing import Any

import pytest
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn


def _is_xdist_controller(config: pytest.Config) -> bool:
    return bool(getattr(config.option, "numprocesses", None)) and not hasattr(config, "workerinput")


class VerifyDisplay:
    """A pytest plugin that replaces pytest's terminal output for ``proofbank verify``."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self.progress = Progress(
            TextColumn("[bold]proving"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
            TextColumn("{task.fields[current]}"), console=console, transient=True,
        )
        self.task: Any = None
        self.failures: list[tuple[str, str]] = []
        self.collection_errors: list[tuple[str, str]] = []
        self.skips: dict[str, str] = {}
        self.config: pytest.Config | None = None

    def pytest_configure(self, config: pytest.Config) -> None:
        self.config = config

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        if report.failed:
            self.collection_errors.append((report.nodeid, report.longreprtext))

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        if self.task is None and (session.items or not _is_xdist_controller(session.config)):
            self.progress.start()
            self.task = self.progress.add_task("prove", total=len(session.items), current="")

    @pytest.hookimpl(optionalhook=True)
    def pytest_xdist_node_collection_finished(self, node: Any, ids: list[str]) -> None:
        """Under xdist the controller collects nothing: every worker reports the same items, so count once."""
        if self.task is None:
            self.progress.start()
            self.task = self.progress.add_task("prove", total=len(ids), current="")

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if report.failed:
            self.failures.append((report.nodeid, report.longreprtext))
        if report.skipped and report.when == "setup" or report.when == "call" and report.skipped:
            reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
            self.skips[report.nodeid] = reason.removeprefix("Skipped: ")
        if report.when == "teardown" and self.task is not None:
            self.progress.update(self.task, advance=1, current=report.nodeid.split("::")[-1])

    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int) -> None:
        self.progress.stop()
        for nodeid, text in self.collection_errors:
            self.console.rule(f"[red]cannot collect {nodeid}")
            self.console.print(text, markup=False, highlight=False, soft_wrap=True)
        for nodeid, text in self.failures:
            self.console.rule(f"[red]FAILED {nodeid}")
            self.console.print(text, markup=False, highlight=False, soft_wrap=True)  # never re-wrapped (CI logs)
        reasons = sorted(set(self.skips.values()))
        for reason in reasons:
            count = sum(1 for r in self.skips.values() if r == reason)
            self.console.print(f"[yellow]skipped {count}:[/] {reason}", highlight=False)
        reporter = session.config.pluginmanager.get_plugin("proofbank-summary")
        if reporter is not None and reporter.summary.counts:
            self.console.print(reporter.summary.table())
        if exitstatus == pytest.ExitCode.NO_TESTS_COLLECTED:
            self.console.print("[yellow]no questions matched")

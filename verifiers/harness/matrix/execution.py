"""Run the bank under one SQLAlchemy version, in its own interpreter, writing run records."""

from __future__ import annotations

import shutil
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from .releases import Release
from .venvs import Environment


@dataclass(frozen=True)
class VersionRun:
    release: Release
    environment: Environment
    records: Path
    log: Path
    exit_code: int
    duration: float

    @property
    def crashed(self) -> bool:
        """pytest itself failed (usage error, interrupted, internal error), not a question."""
        return self.exit_code not in (0, 1, 5)

    def log_tail(self, lines: int = 20) -> str:
        try:
            text = self.log.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            return "(no log)"
        return "\n".join(text[-lines:])


def bank_command(environment: Environment, records: Path, pytest_args: list[str]) -> list[str]:
    return [str(environment.python), "-m", "pytest", "bank", "-p", "no:cacheprovider", "-q",
            "--record-dir", str(records), *pytest_args]


def run_version(release: Release, environment: Environment, root: Path, out: Path,
                pytest_args: list[str]) -> VersionRun:
    records = out / "records" / release.version
    shutil.rmtree(records, ignore_errors=True)  # only this run's records count
    records.mkdir(parents=True)
    log = out / "logs" / f"sqlalchemy-{release.version}.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    with log.open("w", encoding="utf-8") as sink:
        finished = subprocess.run(bank_command(environment, records, pytest_args), cwd=root,
                                  stdout=sink, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    return VersionRun(release, environment, records, log, finished.returncode, time.perf_counter() - started)


def run_all(plan: list[tuple[Release, Environment]], root: Path, out: Path, pytest_args: list[str],
            jobs: int) -> list[VersionRun]:
    """Each version's run, in plan order; up to ``jobs`` at a time (their databases never collide)."""
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        futures = [pool.submit(run_version, release, env, root, out, pytest_args) for release, env in plan]
        return [future.result() for future in futures]

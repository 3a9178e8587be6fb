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


def bank_command(environment: Environment, records: Path, pytest_args: list[str],
                 targets: list[str] | None = None) -> list[str]:
    return [str(environment.python), "-m", "pytest", *(targets or ["bank"]), "-p", "no:cacheprovider", "-q",
            "--record-dir", str(records), *pytest_args]


def reused_run(release: Release, environment: Environment, records: Path) -> VersionRun:
    """A version whose records an earlier run of the same interpreter already wrote (CI's test run)."""
    return VersionRun(release, environment, records, records / "(reused: no log)", 0, 0.0)


def records_complete(records: Path, questions: list, version: str) -> bool:
    """Whether ``records`` holds, for every question on every backend it covers, a record made with SQLAlchemy
    ``version`` from the question file and proof as they are now."""
    from ..records import RecordUnreadable, made_from, read_record

    for qf in questions:
        q = qf.question
        current = made_from(qf.path, qf.proof_path)
        for backend in q.backends:
            try:
                record = read_record(records, q.domain, q.id, backend)
            except RecordUnreadable:
                return False
            if record is None or record.get("sqlalchemy_version") != version or record.get("made_from") != current:
                return False
    return True


def run_version(release: Release, environment: Environment, root: Path, out: Path,
                pytest_args: list[str], targets: list[str] | None = None) -> VersionRun:
    records = out / "records" / release.version
    shutil.rmtree(records, ignore_errors=True)  # only this run's records count
    records.mkdir(parents=True)
    log = out / "logs" / f"sqlalchemy-{release.version}.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    with log.open("w", encoding="utf-8") as sink:
        finished = subprocess.run(bank_command(environment, records, pytest_args, targets), cwd=root,
                                  stdout=sink, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    return VersionRun(release, environment, records, log, finished.returncode, time.perf_counter() - started)


def run_all(plan: list[tuple[Release, Environment]], root: Path, out: Path, pytest_args: list[str],
            jobs: int, targets: list[str] | None = None,
            reuse: dict[str, Path] | None = None,
            backends_for: dict[str, list[str]] | None = None) -> list[VersionRun]:
    """Each version's run, in plan order; up to ``jobs`` at a time (their databases never collide). A version
    in ``reuse`` is not run again: the records already in that folder are its run. ``backends_for`` limits
    a version to some backends (a shard of a sweep)."""
    reuse = reuse or {}
    backends_for = backends_for or {}

    def args_for(version: str) -> list[str]:
        return pytest_args + (["--backend", ",".join(backends_for[version])] if version in backends_for else [])

    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        futures = [None if release.version in reuse else
                   pool.submit(run_version, release, env, root, out, args_for(release.version), targets)
                   for release, env in plan]
        return [reused_run(release, env, reuse[release.version]) if future is None else future.result()
                for (release, env), future in zip(plan, futures)]

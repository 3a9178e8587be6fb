"""SQLite: a new database file per question, with foreign keys enforced.

A file rather than ``:memory:``: with the default pool every ``connect()`` in
one thread gets the same in-memory connection, so "another connection" would
see uncommitted rows.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import sqlite3
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy.engine import URL

from .. import deadline
from .base import QuestionDatabase, Server
from .naming import PREFIX, is_leftover

LOCK_FILE = ".proofbank-run.lock"  # held (flock) by the run that owns the folder, released when it ends
UNLOCKED_GRACE = 600  # seconds a new folder is left alone whatever its lock says: its run may be setting it up

PROGRESS_EVERY = 10_000  # SQLite virtual-machine steps between checks of the proof's time limit


def _folder_alive(folder: Path) -> bool:
    """Whether the run that owns ``folder`` may still be using it: it holds the folder's lock, or the folder is
    young enough that its run may still be between making it and locking it."""
    try:
        if time.time() - folder.stat().st_mtime < UNLOCKED_GRACE:
            return True
    except OSError:
        return False
    try:
        descriptor = os.open(folder / LOCK_FILE, os.O_RDWR)
    except OSError:
        return False  # never locked, and old: made by a run of the earlier name form, or one that died at once
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return True
    finally:
        os.close(descriptor)  # closing also releases a lock we took
    return False


def reap_sqlite_folders(temp: Path, mine: Path | None = None) -> list[Path]:
    """Remove the SQLite folders of harness runs that have ended; returns what was removed."""
    removed = []
    for folder in temp.glob(f"{PREFIX}*_sqlite_*"):
        if folder == mine or not folder.is_dir():
            continue
        if is_leftover(folder.name, lambda _owner, f=folder: _folder_alive(f)):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


def _set_up(dbapi_connection: Any) -> None:
    """Enforce foreign keys, and stop any statement still running when the proof's time is up: SQLite has no
    server-side statement timeout, and the harness's signal cannot interrupt a query running in C."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()
    if hasattr(dbapi_connection, "set_progress_handler"):  # pysqlite; aiosqlite's adapter has none
        dbapi_connection.set_progress_handler(lambda: 1 if deadline.expired() else 0, PROGRESS_EVERY)


class SQLiteServer(Server):
    backend = "sqlite"
    description = "embedded (a file per question)"
    _folder: Path | None = None

    @property
    def version(self) -> str:
        return f"SQLite {sqlite3.sqlite_version}"

    _lock: int | None = None

    def open(self) -> None:
        self._folder = Path(tempfile.mkdtemp(prefix=self.run.name() + "_sqlite_"))
        self._lock = os.open(self._folder / LOCK_FILE, os.O_CREAT | os.O_RDWR, 0o600)
        fcntl.flock(self._lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        reap_sqlite_folders(Path(tempfile.gettempdir()), mine=self._folder)

    def close(self) -> None:
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)
            self._folder = None
        if self._lock is not None:
            os.close(self._lock)
            self._lock = None

    @contextmanager
    def question_database(self) -> Iterator[QuestionDatabase]:
        if self._folder is None:
            self.open()
        assert self._folder is not None
        path = self._folder / f"{self.next_name()}.db"
        attached: dict[str, Path] = {}  # lab.schema(): each extra schema is another file, attached on connect

        def set_up(dbapi_connection: Any) -> None:
            _set_up(dbapi_connection)
            cursor = dbapi_connection.cursor()
            for name, file in attached.items():
                cursor.execute(f"ATTACH DATABASE ? AS \"{name}\"", (str(file),))
            cursor.close()

        def make_schema(name: str) -> str:
            attached[name] = path.with_name(f"{path.name}.{name}")
            return name

        try:
            yield QuestionDatabase(
                backend=self.backend,
                url=URL.create("sqlite+pysqlite", database=str(path)),
                connect_args={"timeout": self.timeout},
                on_connect=set_up,
                make_schema=make_schema,
            )
        finally:
            for leftover in path.parent.glob(path.name + "*"):
                leftover.unlink(missing_ok=True)

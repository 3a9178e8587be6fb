"""The servers of one run: each chosen, started and opened on first use, closed at the end."""

from __future__ import annotations

from dataclasses import dataclass, field

# The three dialects are imported here, before any proof runs in a forked child. Left to the first child
# (as happened once Alembic, which used to import them, became lazy), proofs on PostgreSQL later warned
# that the dialect's GenericFunctions were registered twice (seen running tests/test_safety.py alone).
import sqlalchemy.dialects.mysql  # noqa: F401
import sqlalchemy.dialects.postgresql  # noqa: F401
import sqlalchemy.dialects.sqlite  # noqa: F401

from .base import BackendUnusable, Server
from .mariadb import MariaDBServer
from .naming import RunTag
from .postgresql import PostgreSQLServer
from .sources import LiveProbes, Probes, Source, choose_source
from .sqlite import SQLiteServer
from .starters import Stop, start_container, start_pytest_postgresql


class BackendMissing(Exception):
    """No server for this backend; the message is the one-line reason."""


@dataclass
class Backends:
    """Lazily provides an opened :class:`Server` per backend for one test run."""

    urls: dict[str, str | None] = field(repr=False)  # may hold passwords: never printed
    timeout: float
    probes: Probes = field(default_factory=LiveProbes)
    run: RunTag = field(default_factory=RunTag.current)
    _servers: dict[str, Server] = field(default_factory=dict)
    _missing: dict[str, str] = field(default_factory=dict)
    _stops: list[Stop] = field(default_factory=list)
    sources: dict[str, Source] = field(default_factory=dict)
    failed: dict[str, str] = field(default_factory=dict)  # backends whose server stopped working mid-run, and why

    def get(self, backend: str) -> Server:
        """The opened server for ``backend``; raises :class:`BackendMissing` or :class:`BackendUnusable`."""
        if backend in self._servers:
            return self._servers[backend]
        if backend in self._missing:
            raise BackendMissing(self._missing[backend])
        try:
            server = self._provide(backend)
            server.open()
        except (BackendMissing, BackendUnusable) as error:
            self._missing[backend] = str(error)
            raise
        self._servers[backend] = server
        return server

    def _provide(self, backend: str) -> Server:
        source = choose_source(backend, self.urls.get(backend), self.probes)
        self.sources[backend] = source
        if backend == "sqlite":
            return SQLiteServer(self.run, self.timeout)
        if not source.available:
            raise BackendMissing(source.reason)
        url = source.url
        if source.kind == "pytest-postgresql":
            assert source.url is not None
            url, stop = start_pytest_postgresql(source.url)
            self._stops.append(stop)
        elif source.kind == "testcontainers":
            url, stop = start_container(backend)
            self._stops.append(stop)
        assert url is not None
        cls = PostgreSQLServer if backend == "postgresql" else MariaDBServer
        return cls(url, self.run, self.timeout, description=source.reason)

    def reap(self) -> list[str]:
        """Remove what ended runs left on every reachable server and in the temporary folder (never a live
        run's objects); returns what could not be checked, one line each."""
        import tempfile
        from pathlib import Path

        from .sqlite import reap_sqlite_folders

        problems = []
        reap_sqlite_folders(Path(tempfile.gettempdir()))
        for backend in ("postgresql", "mariadb"):
            source = choose_source(backend, self.urls.get(backend), self.probes, docker_ok=False)
            if source.kind not in ("url", "local") or source.url is None:
                continue
            cls = PostgreSQLServer if backend == "postgresql" else MariaDBServer
            try:
                cls(source.url, self.run, self.timeout).reap()
            except Exception as error:  # housekeeping: say so, never fail the run for it
                problems.append(f"{backend}: {' '.join(str(error).split())[:200]}")
        return problems

    def close(self) -> None:
        """Close every server this run opened and stop any it started; raise one :class:`CleanupFailed` naming
        what was left behind (a server that failed during the run has been reported already, so not again)."""
        errors = []
        for server in self._servers.values():
            try:
                server.close()
            except Exception as error:  # keep closing the others
                if server.backend not in self.failed:
                    errors.append(f"{server.backend}: {' '.join(str(error).split())[:400]}")
        self._servers.clear()
        for stop in reversed(self._stops):
            stop()
        self._stops.clear()
        if errors:
            raise CleanupFailed("; ".join(errors))


class CleanupFailed(Exception):
    """Something the run made could not be removed; the message names it and how to remove it."""

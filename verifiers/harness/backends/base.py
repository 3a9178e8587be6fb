"""What every backend offers the harness: a server it may use, and a private database per question."""

from __future__ import annotations

import abc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import create_engine, event
from sqlalchemy.engine import URL, Connection, Engine, make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.pool import NullPool

from .naming import RunTag


ASYNC_DRIVERS = {"sqlite": "aiosqlite", "postgresql": "psycopg", "mariadb": "aiomysql"}


class BackendUnusable(Exception):
    """The backend's server cannot be used for this run; the message says why and what to do."""


class ServerFailed(Exception):
    """The backend's server stopped working during the run: an infrastructure failure, not a question's."""


@dataclass
class QuestionDatabase:
    """A database (or schema) that belongs to one question on one backend, for the length of its run."""

    backend: str
    url: URL
    connect_args: dict[str, Any] = field(default_factory=dict)
    on_connect: Callable[[Any], None] | None = None
    make_role: Callable[[str], str] | None = None
    make_schema: Callable[[str], str] | None = None

    def create_engine(self, **kwargs: Any) -> Engine:
        """An engine on this database with the harness's time limits; ``kwargs`` go to ``create_engine``."""
        connect_args = {**self.connect_args, **kwargs.pop("connect_args", {})}
        engine = create_engine(self.url, connect_args=connect_args, **kwargs)
        self._set_up_connections(engine)
        return engine

    def create_async_engine(self, **kwargs: Any) -> AsyncEngine:
        """The same, through this backend's asyncio driver (aiosqlite, psycopg's async mode, aiomysql)."""
        connect_args = {**self.connect_args, **kwargs.pop("connect_args", {})}
        url = self.url.set(drivername=f"{self.url.get_backend_name()}+{ASYNC_DRIVERS[self.backend]}")
        engine = create_async_engine(url, connect_args=connect_args, **kwargs)
        self._set_up_connections(engine.sync_engine)
        return engine

    def _set_up_connections(self, engine: Engine) -> None:
        if self.on_connect is not None:
            setup = self.on_connect

            def _setup(dbapi_connection: Any, _record: Any) -> None:
                setup(dbapi_connection)

            event.listen(engine, "connect", _setup)


class Server(abc.ABC):
    """A database server the harness may create and drop its own databases on."""

    backend: str
    description: str = ""

    def __init__(self, run: RunTag, timeout: float) -> None:
        self.run = run
        self.timeout = timeout
        self._count = 0

    @property
    @abc.abstractmethod
    def version(self) -> str:
        """The server's product and version, e.g. ``PostgreSQL 15.20``."""

    def open(self) -> None:
        """Connect, remove the harness's own leftovers, and prepare this run's space."""

    def close(self) -> None:
        """Remove everything this run created."""

    def next_name(self) -> str:
        self._count += 1
        return f"q{self._count}"

    @contextmanager
    @abc.abstractmethod
    def question_database(self) -> Iterator[QuestionDatabase]:
        """A fresh, empty database for one question, removed when the block ends.

        Raises :class:`ServerFailed` when the server cannot make one (it went away, its disk is full).
        """

    def ping(self) -> str | None:
        """None while the server answers; else why not, in one line."""
        return None

    @contextmanager
    def quiet(self) -> Iterator[None]:
        """Keep the server's background work (making and dropping databases) paused for the block, e.g. while
        a proof's process is forked."""
        ahead = getattr(self, "_ahead", None)
        if ahead is None:
            yield
        else:
            with ahead.quiet():
                yield

    def prepare_next(self) -> None:
        """Start making the next question's database in the background, where the backend does that."""
        ahead = getattr(self, "_ahead", None)
        if ahead is not None:
            ahead.prepare_next()


class NetworkServer(Server):
    """A server reached through a maintenance URL, used only to create and drop the harness's own databases."""

    product: str
    grant_hint: str

    def __init__(self, url: str | URL, run: RunTag, timeout: float, description: str = "") -> None:
        super().__init__(run, timeout)
        self.maintenance_url = make_url(url)
        self.description = description
        self._version = f"{self.product} (not connected)"
        self._admin: Engine | None = None

    @property
    def version(self) -> str:
        return self._version

    @property
    def shown_url(self) -> str:
        return self.maintenance_url.render_as_string(hide_password=True)

    def autocommit_engine(self, url: URL | None = None, **connect_args: Any) -> Engine:
        """An engine for DDL on the server: no pool, AUTOCOMMIT, a short connect timeout."""
        return create_engine(url or self.maintenance_url, poolclass=NullPool, isolation_level="AUTOCOMMIT",
                             connect_args={"connect_timeout": 5, **connect_args})

    def reap(self) -> None:
        """Remove the leftovers of ended runs, without starting a run here (what an xdist controller does at the
        end, for a worker that crashed)."""
        engine = self.autocommit_engine()
        try:
            with engine.connect() as conn:
                self._remove_leftovers(conn)
        finally:
            engine.dispose()

    def _remove_leftovers(self, conn: Connection) -> None:
        """Drop what runs that have ended left on the server (their lock is free), and nothing else."""
        raise NotImplementedError

    def ping(self) -> str | None:
        engine = self.autocommit_engine()
        try:
            with engine.connect() as conn:
                conn.exec_driver_sql("SELECT 1")
        except DBAPIError as error:
            return " ".join(str(error.orig).split())[:300]
        finally:
            engine.dispose()
        return None

    def failed(self, doing: str, error: BaseException) -> ServerFailed:
        detail = " ".join(str(getattr(error, "orig", None) or error).split())[:300]
        return ServerFailed(f"{self.product} at {self.shown_url} failed while {doing}: {detail}")

    def cannot_connect(self, error: DBAPIError) -> BackendUnusable:
        return BackendUnusable(f"cannot connect to {self.shown_url}: {' '.join(str(error.orig).split())}")

    def cannot_create(self, error: DBAPIError) -> BackendUnusable:
        return BackendUnusable(
            f"cannot create databases on {self.shown_url}: {' '.join(str(error.orig).split())}. The harness needs "
            f"its own databases and never writes to the one the URL names: {self.grant_hint}, or give a URL for "
            f"a user who can."
        )

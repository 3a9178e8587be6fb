"""The :class:`Lab`: what a proof is given to work with on one backend.

A proof receives a Lab for a private, empty database. Every engine the Lab
makes is recorded in one transcript, carries the harness's time limits, and
is closed by the harness afterwards, so a proof cannot leave anything behind
for the next question.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Any, NamedTuple, TypeVar

from sqlalchemy import event
from sqlalchemy.engine import URL, Connection, Engine
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.pool import NullPool

from .backends.base import QuestionDatabase
from .attempt import Attempt, attempt
from .cachelog import CacheNotes, cache_notes
from .capture import Capture, StatementList, Transcript
from .objstate import ObjectState, object_state

T = TypeVar("T")

SCHEMA_NAME = re.compile(r"[a-z][a-z0-9_]{0,19}")


class Fact(NamedTuple):
    """One observation a proof recorded: its label, its value, and the proof line that recorded it."""

    label: str
    value: Any
    line: int | None = None


class Lab:
    """A proof's workbench on one backend.

    ``lab.engine``      an engine on this question's own empty database
    ``lab.backend``     ``"sqlite"``, ``"postgresql"`` or ``"mariadb"``
    ``lab.capture()``   the statements sent inside a ``with`` block
    ``lab.other_connection()``  an independent connection, for what another transaction sees
    ``lab.state(obj)``  an ORM object's state: transient, pending, persistent, deleted or detached
    ``lab.fact(label, value)``  record an observation for the failure report and learner pages
    ``lab.attempt(label, call)``  run ``call()``, record what it returned or raised, and return that
    ``with lab.setup():``  mark the statements of a block as setup (tables, seed data)
    ``lab.make_async_engine()`` and ``lab.run_async(main)``  the same database through asyncio
    """

    def __init__(self, database: QuestionDatabase, proof_file: str | None = None) -> None:
        self._database = database
        self.backend: str = database.backend
        self.transcript = Transcript(proof_file)
        self.facts: list[Fact] = []
        self._engines: list[tuple[str, Engine]] = []
        self._checked_out: dict[str, set[Any]] = {}  # per engine label: the pool records now lent out
        self._dbapi_connections: list[Any] = []
        self._other: Engine | None = None
        self._async_engines: list[AsyncEngine] = []
        self.engine: Engine = self.make_engine(label="main")

    @property
    def url(self) -> URL:
        """The URL of this question's database (for tools such as Alembic that want one)."""
        return self._database.url

    def make_engine(self, label: str | None = None, **kwargs: Any) -> Engine:
        """Another engine on the same database, e.g. with other pool or isolation settings.

        Its statements join the transcript under ``label`` (``engine2``, ...),
        and the harness disposes of it after the proof.
        """
        label = label or f"engine{len(self._engines) + 1}"
        engine = self._database.create_engine(**kwargs)
        self._watch(label, engine)
        return engine

    def make_async_engine(self, label: str | None = None, **kwargs: Any) -> AsyncEngine:
        """An :class:`AsyncEngine` on this question's database, through the backend's asyncio driver.

        Use it inside :meth:`run_async`. Its statements join the transcript under
        ``label`` (``async1``, ...) like any other engine's.
        """
        label = label or f"async{len(self._async_engines) + 1}"
        engine = self._database.create_async_engine(**kwargs)
        self._watch(label, engine.sync_engine)
        self._async_engines.append(engine)
        return engine

    def run_async(self, main: Callable[[], Awaitable[T]]) -> T:
        """Run ``main()`` in a new event loop and return its result.

        When it ends, however it ends, every async engine of the Lab is disposed
        in that same loop: asyncio drivers cannot close a connection from
        another loop. A connection ``main`` left checked out is reported as a leak.
        """

        async def in_loop() -> T:
            try:
                return await main()
            finally:
                for engine in self._async_engines:
                    await engine.dispose()

        return asyncio.run(in_loop())

    def _watch(self, label: str, engine: Engine) -> None:
        self.transcript.attach(engine, label)
        self._engines.append((label, engine))
        lent: set[Any] = set()
        self._checked_out[label] = lent

        def on_connect(dbapi_connection: Any, _record: Any) -> None:
            self._dbapi_connections.append(dbapi_connection)

        # Counted by pool record, not by event: a checkout that a listener aborts and the pool retries
        # fires "checkout" twice for one record but "checkin" once.
        def on_checkout(_dbapi_connection: Any, record: Any, _proxy: Any) -> None:
            lent.add(record)

        def on_checkin(_dbapi_connection: Any, record: Any) -> None:
            lent.discard(record)

        def on_detach(_dbapi_connection: Any, record: Any) -> None:
            # Detached from the pool (by Connection.detach(), or by the pool cleaning up a connection the
            # garbage collector found): it is no longer lent out, and no checkin will follow.
            lent.discard(record)

        event.listen(engine, "connect", on_connect)
        event.listen(engine, "checkout", on_checkout)
        event.listen(engine, "checkin", on_checkin)
        event.listen(engine, "detach", on_detach)

    @contextmanager
    def other_connection(self) -> Iterator[Connection]:
        """A second, independent connection to the same database, closed when the block ends.

        Use it to ask what another transaction sees. Its statements appear in
        the transcript as ``other#N``.
        """
        if self._other is None:
            self._other = self._database.create_engine(poolclass=NullPool)
            self._watch("other", self._other)
        with self._other.connect() as connection:
            yield connection

    @contextmanager
    def capture(self) -> Iterator[Capture]:
        """The statements sent on any of the Lab's engines while the block runs."""
        with self.transcript.window() as capture:
            yield capture

    def cache_notes(self) -> AbstractContextManager[CacheNotes]:
        """The statement cache's note on each execution logged while the block runs (``generated in``, ``cached since``,
        ``no key``, ...), in ``notes``; open the Connection or Session inside the block."""
        return cache_notes()

    @contextmanager
    def setup(self) -> Iterator[None]:
        """Mark what the block sends as setup (creating tables, seed data): folded away on the pages."""
        with self.transcript.setup_block():
            yield

    @property
    def sql(self) -> StatementList:
        """Everything sent so far in this proof."""
        return self.transcript.all

    def state(self, obj: object) -> ObjectState:
        """The state of a mapped object, read without loading anything."""
        return object_state(obj)

    def fact(self, label: str, value: T) -> T:
        """Record an observation under ``label`` and return it unchanged.

        A question's ``claims:`` name facts by their label and state the value the
        text claims, so keep labels stable and specific ("SELECTs sent by the lazy load").
        """
        self.facts.append(Fact(label, value, self.transcript.proof_line()))
        return value

    def attempt(self, label: str, call: Callable[[], Any]) -> Attempt:
        """Run ``call()``, record what it returned or raised as the fact ``label``, and return the :class:`Attempt`.

        Decide "raises X" with ``result.raised(X)`` (exactly that class), and a claim
        about the error with the fact's value, e.g. ``"raised IntegrityError: ..."``.
        """
        result = attempt(call)
        self.facts.append(Fact(label, result, self.transcript.proof_line()))
        return result

    def role(self, name: str) -> str:
        """Create a PostgreSQL role for this question (no login, no superuser, no BYPASSRLS).

        Roles are cluster-wide, so the real name carries the run's prefix; use
        the returned name. The role may use this question's schema, and is
        dropped with the question.
        """
        if self._database.make_role is None:
            raise RuntimeError(f"roles exist only on postgresql, not on {self.backend}")
        return self._database.make_role(name)

    def schema(self, name: str) -> str:
        """Another schema beside this question's own (a tenant's, say), empty, dropped with the question.

        Returns the name to use in SQL and in ``schema_translate_map``: on PostgreSQL a schema in this
        question's database, on MariaDB another database (MariaDB's schemas are databases), on SQLite
        another file attached under ``name`` to every connection. Tables in the question's own schema
        stay unqualified. Call it before connecting: on SQLite, pooled connections are closed so that
        every connection from now on has the file attached.
        """
        if not SCHEMA_NAME.fullmatch(name):
            raise ValueError(f"lab.schema({name!r}): use a short lowercase name such as 'tenant1' "
                             f"(letters, digits and _, starting with a letter, at most 20 characters)")
        if self._database.make_schema is None:
            raise RuntimeError(f"lab.schema() is not available on {self.backend}")
        real = self._database.make_schema(name)
        if self.backend == "sqlite":
            for _, engine in self._engines:
                engine.dispose()
        return real

    # -- used by the harness -------------------------------------------------

    def leaked_connections(self) -> dict[str, int]:
        """Engines (by label) with connections the proof did not give back."""
        return {label: len(lent) for label, lent in self._checked_out.items() if lent}

    def close(self) -> None:
        """Close every connection and engine, whatever state the proof left them in."""
        for dbapi_connection in self._dbapi_connections:
            try:
                dbapi_connection.close()
            except Exception:
                pass  # already closed or broken: either way it is gone
        self._dbapi_connections.clear()
        for _, engine in self._engines:
            engine.dispose(close=False)
            engine.clear_compiled_cache()  # otherwise every question's classes stay cached
        self.transcript.detach()

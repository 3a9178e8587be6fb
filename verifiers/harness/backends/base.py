"""What every backend offers the harness: a server it may use, and a private database per question."""

from __future__ import annotations

import abc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import create_engine, event
from sqlalchemy.engine import URL, Engine

from .naming import RunTag


class BackendUnusable(Exception):
    """The backend's server cannot be used for this run; the message says why and what to do."""


@dataclass
class QuestionDatabase:
    """A database (or schema) that belongs to one question on one backend, for the length of its run."""

    backend: str
    url: URL
    connect_args: dict[str, Any] = field(default_factory=dict)
    on_connect: Callable[[Any], None] | None = None
    roles: list[str] = field(default_factory=list)
    make_role: Callable[[str], str] | None = None

    def create_engine(self, **kwargs: Any) -> Engine:
        """An engine on this database with the harness's time limits; ``kwargs`` go to ``create_engine``."""
        connect_args = {**self.connect_args, **kwargs.pop("connect_args", {})}
        engine = create_engine(self.url, connect_args=connect_args, **kwargs)
        if self.on_connect is not None:
            setup = self.on_connect

            def _setup(dbapi_connection: Any, _record: Any) -> None:
                setup(dbapi_connection)

            event.listen(engine, "connect", _setup)
        return engine


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
        """A fresh, empty database for one question, removed when the block ends."""

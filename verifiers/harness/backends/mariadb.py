"""MariaDB: one database per question, created and dropped through the maintenance URL.

In MariaDB a database is a schema; creating and dropping one costs about
60 ms here, so both happen on a background thread (:mod:`.ahead`) while the
proofs run. The database the URL names is never written to.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError

from .ahead import Ahead
from .base import BackendUnusable, NetworkServer, QuestionDatabase
from .naming import PREFIX, Owner, is_leftover


def _quote(name: str) -> str:
    return "`" + name.replace("`", "``") + "`"


class MariaDBServer(NetworkServer):
    backend = "mariadb"
    product = "MariaDB"
    grant_hint = f"grant the user CREATE and DROP on `{PREFIX}%` databases"
    _ahead: Ahead | None = None
    _holder = None  # the connection holding this run's named lock while the run lives

    def _hold_run_lock(self) -> None:
        """Take a server-wide named lock called after this run, on a connection kept open for the run: while it
        is held no other run removes this run's databases; the server releases it when the run ends."""
        assert self._admin is not None
        self._holder = self._admin.connect()
        self._holder.execute(text("SET SESSION wait_timeout = 604800"))  # an idle holder must outlive any run
        if self._holder.execute(text("SELECT GET_LOCK(:n, 0)"), {"n": self.run.name()}).scalar() != 1:
            raise BackendUnusable(f"could not take the run's lock {self.run.name()} on {self.shown_url}")

    def _release_run_lock(self) -> None:
        if self._holder is not None:
            self._holder.close()
            self._holder = None

    def open(self) -> None:
        self._admin = self.autocommit_engine()
        probe = self.run.name("probe")
        try:
            with self._admin.connect() as conn:
                version = conn.execute(text("SELECT VERSION()")).scalar_one()
                self._version = "MariaDB " + version.split("-")[0]
                if "mariadb" not in version.lower():
                    self._version = "MySQL " + version.split("-")[0]
                self._hold_run_lock()

                self._remove_leftovers(conn)
                try:
                    conn.execute(text(f"CREATE DATABASE {_quote(probe)}"))
                    conn.execute(text(f"DROP DATABASE {_quote(probe)}"))
                except DBAPIError as error:
                    raise self.cannot_create(error) from None
        except DBAPIError as error:
            self._release_run_lock()
            raise self.cannot_connect(error) from None
        except BaseException:
            self._release_run_lock()
            raise
        self._ahead = Ahead(self._create, lambda: self.run.name(self.next_name()), self.failed)

    def _remove_leftovers(self, conn: Connection) -> None:
        """Drop the databases of runs that have ended (their named lock is free), and nothing else."""
        def alive(owner: Owner) -> bool:
            return conn.execute(text("SELECT IS_USED_LOCK(:n)"), {"n": owner.run_name}).scalar() is not None

        pattern = PREFIX.replace("_", r"\_") + "%"
        for (name,) in conn.execute(text("SHOW DATABASES LIKE :p"), {"p": pattern}):
            if is_leftover(name, alive, mine=self.run):
                try:
                    conn.execute(text(f"DROP DATABASE IF EXISTS {_quote(name)}"))
                except DBAPIError:
                    pass  # another user's leftover, not ours to drop; its owner's next run removes it

    def _create(self, name: str) -> None:
        assert self._admin is not None
        with self._admin.connect() as conn:
            conn.execute(text(f"CREATE DATABASE {_quote(name)} CHARACTER SET utf8mb4"))

    def _drop(self, name: str) -> None:
        assert self._admin is not None
        with self._admin.connect() as conn:
            conn.execute(text(f"SET SESSION lock_wait_timeout={max(1, int(self.timeout))}"))
            conn.execute(text(f"DROP DATABASE IF EXISTS {_quote(name)}"))
            # the question's extra schemas (lab.schema()), found by name: a proof in a child process made them
            extra = conn.execute(text("SHOW DATABASES LIKE :p"), {"p": name.replace("_", r"\_") + r"\_%"}).scalars()
            for other in list(extra):
                conn.execute(text(f"DROP DATABASE IF EXISTS {_quote(other)}"))

    def _create_extra_schema(self, name: str, extra: str) -> str:
        """Another database beside the question's (MariaDB's schemas are databases), dropped with it."""
        full = f"{name}_{extra}"
        assert self._admin is not None
        with self._admin.connect() as conn:
            conn.execute(text(f"CREATE DATABASE {_quote(full)} CHARACTER SET utf8mb4"))
        return full

    def close(self) -> None:
        problems = []
        if self._ahead is not None:
            problems = self._ahead.close(self._drop)
            self._ahead = None
        self._release_run_lock()
        if self._admin is not None:
            self._admin.dispose()
            self._admin = None
        if problems:
            raise RuntimeError("; ".join(problems) + ". Remove it with DROP DATABASE on the server "
                                                     "(the next run also removes it once this one has ended)")

    @contextmanager
    def question_database(self) -> Iterator[QuestionDatabase]:
        assert self._admin is not None and self._ahead is not None, "open() the server first"
        name = self._ahead.take()
        seconds = max(1, int(self.timeout))
        try:
            yield QuestionDatabase(
                backend=self.backend,
                url=self.maintenance_url.set(database=name),
                connect_args={
                    "connect_timeout": 5,
                    "init_command": (
                        f"SET SESSION max_statement_time={seconds}, innodb_lock_wait_timeout={seconds}, "
                        f"lock_wait_timeout={seconds}"
                    ),
                },
                make_schema=lambda extra: self._create_extra_schema(name, extra),
            )
        finally:
            self._ahead.later(f"database {name}", lambda: self._drop(name))

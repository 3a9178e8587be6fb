"""PostgreSQL: one database per run, one schema per question.

The run's database is created through the maintenance URL (which is never
written to) and dropped at the end. Each question gets its own schema,
selected with ``search_path`` so emitted SQL stays unqualified; dropping the
schema with CASCADE removes every table, type, sequence and policy the
question made. Roles are cluster-wide, so a question's roles carry the run's
name and are dropped with the question. Schemas are made ahead of need and
dropped behind, on a background thread (:mod:`.ahead`).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from sqlalchemy import text
from sqlalchemy.engine import URL, Connection
from sqlalchemy.exc import DBAPIError

from .ahead import Ahead
from .base import BackendUnusable, NetworkServer, QuestionDatabase
from .naming import LOCK_CLASS, PREFIX, Owner, RunTag, is_leftover, lock_key


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


class PostgreSQLServer(NetworkServer):
    backend = "postgresql"
    product = "PostgreSQL"
    grant_hint = "grant the user CREATEDB"
    _ahead: Ahead | None = None

    def __init__(self, url: str | URL, run: RunTag, timeout: float, description: str = "") -> None:
        super().__init__(url, run, timeout, description)
        self._run_database = run.name()
        self._holder = None  # the connection holding this run's advisory lock while the run lives

    def _hold_run_lock(self) -> None:
        """Take this run's advisory lock on a connection kept open for the run: while it is held, no other run
        removes this run's objects; when the run ends, however it ends, the server releases it."""
        self._holder_engine = self.autocommit_engine()
        self._holder = self._holder_engine.connect()
        self._holder.execute(text("SELECT pg_advisory_lock(:c, :k)"), {"c": LOCK_CLASS, "k": self.run.lock_key})

    @staticmethod
    def _run_alive(conn: Connection) -> Callable[[Owner], bool]:
        def alive(owner: Owner) -> bool:
            assert owner.token is not None
            held = conn.execute(text(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND classid::bigint = :c "
                "AND objid::bigint = :k AND objsubid = 2"), {"c": LOCK_CLASS, "k": lock_key(owner.token)}).scalar()
            return bool(held)
        return alive

    def open(self) -> None:
        engine = self.autocommit_engine()
        try:
            with engine.connect() as conn:
                number = conn.dialect.server_version_info
                self._version = "PostgreSQL " + ".".join(str(n) for n in number)
                self._hold_run_lock()
                self._remove_leftovers(conn)
                self._create_run_database(conn)
        except DBAPIError as error:
            self._release_run_lock()
            raise self.cannot_connect(error) from None
        except BaseException:
            self._release_run_lock()
            raise
        finally:
            engine.dispose()
        self._admin = self.autocommit_engine(
            self.maintenance_url.set(database=self._run_database),
            options=f"-c lock_timeout={int(self.timeout * 1000)}",
        )
        self._ahead = Ahead(self._create_schema, self.next_name, self.failed)

    def _create_run_database(self, conn: Connection, attempts: int = 2, pause: float = 0.5) -> None:
        """CREATE DATABASE copies template1, and fails while any other session is connected to it (after the
        server itself has waited five seconds): try once more, then say what is wrong (not a missing privilege)."""
        for attempt in range(attempts):
            try:
                conn.execute(text(f"CREATE DATABASE {_quote(self._run_database)}"))
                return
            except DBAPIError as error:
                if "being accessed by other users" not in str(error.orig):
                    raise self.cannot_create(error) from None
                if attempt == attempts - 1:
                    raise BackendUnusable(
                        f"cannot create the run's database on {self.shown_url}: another session is connected to "
                        f"the template database (template1), which PostgreSQL copies for every new database. "
                        f"Close that session (e.g. a psql connected to template1) and run again") from None
                time.sleep(pause)

    def _release_run_lock(self) -> None:
        if self._holder is not None:
            try:
                self._holder.close()
            finally:
                self._holder_engine.dispose()
                self._holder = None

    def _create_schema(self, schema: str) -> None:
        assert self._admin is not None
        with self._admin.connect() as conn:
            conn.execute(text(f"CREATE SCHEMA {_quote(schema)}"))

    def _drop_schema(self, schema: str) -> None:
        """Drop the question's schema and every role made for it. The roles are found by their names, not
        remembered: a proof that ran in a child process made them there."""
        assert self._admin is not None
        prefix = self.run.name(f"{schema}_").replace("_", r"\_") + "%"
        with self._admin.connect() as conn:
            conn.execute(text(f"DROP SCHEMA IF EXISTS {_quote(schema)} CASCADE"))
            extra = conn.execute(text("SELECT nspname FROM pg_namespace WHERE nspname LIKE :p"),
                                 {"p": schema.replace("_", r"\_") + r"\_%"}).scalars()
            for name in list(extra):
                conn.execute(text(f"DROP SCHEMA IF EXISTS {_quote(name)} CASCADE"))
            roles = conn.execute(text("SELECT rolname FROM pg_roles WHERE rolname LIKE :p"), {"p": prefix}).scalars()
            for role in list(roles):
                conn.execute(text(f"DROP OWNED BY {_quote(role)}"))
                conn.execute(text(f"DROP ROLE IF EXISTS {_quote(role)}"))

    def _remove_leftovers(self, conn) -> None:
        """Drop the databases and roles of runs that have ended (their lock is free), and nothing else."""
        pattern = PREFIX.replace("_", r"\_") + "%"
        alive = self._run_alive(conn)
        for (name,) in conn.execute(text("SELECT datname FROM pg_database WHERE datname LIKE :p"), {"p": pattern}):
            if is_leftover(name, alive, mine=self.run):
                try:
                    conn.execute(text(f"DROP DATABASE IF EXISTS {_quote(name)} WITH (FORCE)"))
                except DBAPIError:
                    pass  # another user's leftover, not ours to drop; its owner's next run removes it
        for (name,) in conn.execute(text("SELECT rolname FROM pg_roles WHERE rolname LIKE :p"), {"p": pattern}):
            if is_leftover(name, alive, mine=self.run):
                try:
                    conn.execute(text(f"DROP ROLE IF EXISTS {_quote(name)}"))
                except DBAPIError:
                    pass  # still granted something elsewhere; a later run tries again

    def close(self) -> None:
        problems = []
        if self._ahead is not None:
            problems = self._ahead.close(self._drop_schema)
            self._ahead = None
        if problems:
            # the run's database is dropped below, with every schema in it; what is left is roles
            problems = [p for p in problems if "roles" in p]
        if self._admin is not None:
            self._admin.dispose()
            self._admin = None
            engine = self.autocommit_engine()
            try:
                with engine.connect() as conn:
                    conn.execute(text(f"DROP DATABASE IF EXISTS {_quote(self._run_database)} WITH (FORCE)"))
            finally:
                engine.dispose()
        self._release_run_lock()
        if problems:
            raise RuntimeError("; ".join(problems) + ". Remove the roles with DROP ROLE on the server "
                                                     "(the next run also removes them once this one has ended)")

    @contextmanager
    def question_database(self) -> Iterator[QuestionDatabase]:
        assert self._admin is not None and self._ahead is not None, "open() the server first"
        schema = self._ahead.take()
        limit = int(self.timeout * 1000)
        database = QuestionDatabase(
            backend=self.backend,
            url=self.maintenance_url.set(database=self._run_database),
            connect_args={
                "connect_timeout": 5,
                "options": f"-c search_path={schema} -c statement_timeout={limit} -c lock_timeout={limit}",
            },
            make_role=lambda name: self._create_role(schema, name),
            make_schema=lambda name: self._create_extra_schema(schema, name),
        )
        try:
            yield database
        finally:
            self._ahead.later(f"schema {schema} and its roles ({self.run.name(schema)}_*)",
                              lambda: self._drop_schema(schema))

    def _create_extra_schema(self, schema: str, name: str) -> str:
        """Another schema beside the question's (a tenant's, say), named after it and dropped with it."""
        extra = f"{schema}_{name}"
        assert self._admin is not None
        with self._admin.connect() as conn:
            conn.execute(text(f"CREATE SCHEMA {_quote(extra)}"))
        return extra

    def _create_role(self, schema: str, name: str) -> str:
        role = self.run.name(f"{schema}_{name}")
        assert self._admin is not None
        with self._admin.connect() as conn:
            allowed = conn.execute(text(
                "SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user")).scalar()
            if not allowed:
                user = conn.execute(text("SELECT current_user")).scalar()
                raise BackendUnusable(f"lab.role() needs a server user who may create roles, and {user} may not: "
                                      f"grant it with ALTER ROLE {_quote(str(user))} CREATEROLE (superuser is not "
                                      f"needed), or give a URL for a user who has CREATEROLE")
            conn.execute(text(f"CREATE ROLE {_quote(role)} NOLOGIN NOSUPERUSER NOBYPASSRLS"))
            # Membership lets a CREATEROLE user that is not a superuser act for the role (ALTER ... OWNER TO it)
            # and later drop what it owns; for a superuser it changes nothing.
            conn.execute(text(f"GRANT {_quote(role)} TO CURRENT_USER"))
            conn.execute(text(f"GRANT USAGE, CREATE ON SCHEMA {_quote(schema)} TO {_quote(role)}"))
        return role

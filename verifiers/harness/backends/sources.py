"""Choose where each backend's server comes from, in a fixed order of preference.

1. a URL the user gave (command line, ini file or environment variable);
2. a server already listening at the default local address;
3. for PostgreSQL, a throwaway server started by pytest-postgresql from the
   local binaries (PostgreSQL refuses to run as root, so not as root);
4. a container started by testcontainers, when a Docker engine answers;
5. otherwise the backend is unavailable, with one line saying why.

:func:`choose_source` decides from :class:`Probes` alone, so the decision is
tested with fake probes; :class:`LiveProbes` asks the real machine.
"""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, Protocol

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError
from sqlalchemy.pool import NullPool

SourceKind = Literal["embedded", "url", "local", "pytest-postgresql", "testcontainers", "unavailable"]

DEFAULT_LOCAL_URLS = {
    "postgresql": ("postgresql+psycopg://postgres@127.0.0.1:5432/postgres",
                   "postgresql+psycopg://root@127.0.0.1:5432/postgres"),
    "mariadb": ("mariadb+pymysql://root@127.0.0.1:3306/",),
}
ENV_VARS = {"postgresql": "PROOFBANK_POSTGRESQL_URL", "mariadb": "PROOFBANK_MARIADB_URL"}
OPTIONS = {"postgresql": "--postgresql-url", "mariadb": "--mariadb-url"}


@dataclass(frozen=True)
class Source:
    """Where one backend's server comes from, or why there is none."""

    backend: str
    kind: SourceKind
    url: str | None = field(default=None, repr=False)  # may hold a password: never printed
    reason: str = ""

    @property
    def available(self) -> bool:
        return self.kind != "unavailable"


class Probes(Protocol):
    def unreachable(self, url: str) -> str | None:
        """None when a connection to ``url`` works, else the error in one line."""

    def docker_unavailable(self) -> str | None:
        """None when a Docker engine answers, else why not."""

    def running_as_root(self) -> bool: ...

    def pg_ctl(self) -> str | None:
        """The path of ``pg_ctl``, or None when there is none."""


def urls_from_environment() -> dict[str, str | None]:
    """The server URLs given by environment variables (None where unset)."""
    return {backend: os.environ.get(variable) or None for backend, variable in ENV_VARS.items()}


# scheme://user:PASSWORD@host...: the password runs to the LAST "@", so an unencoded "@" in it stays hidden
_CREDENTIALS = re.compile(r"^(?P<head>[^:/?#\s]*:/*[^:/?#@\s]*:)(?P<secret>.*)@", re.S)
_BARE_CREDENTIALS = re.compile(r"^(?P<head>[^:@/\s]*:)(?P<secret>.*)@", re.S)  # no scheme: user:password@host


def _credentials(url: str) -> re.Match[str] | None:
    return _CREDENTIALS.match(url) or (None if "://" in url else _BARE_CREDENTIALS.match(url))


def mask(url: str) -> str:
    """``url`` with its password replaced by ``***``: done on the text, before any parsing, so that a URL
    that cannot be parsed (a typo in the port, a missing ``//``, an unencoded ``@``) never shows it either."""
    match = _credentials(url)
    return url if match is None else match.group("head") + "***@" + url[match.end():]


def secret_of(url: str) -> str | None:
    """The password part of ``url`` as written (None without one), to scrub from any message about it."""
    match = _credentials(url)
    return match.group("secret") if match and match.group("secret") else None


def scrub(text: str, url: str) -> str:
    """``text`` (an error message, say) with ``url``'s password, raw or URL-decoded, replaced by ``***``."""
    from urllib.parse import unquote

    secret = secret_of(url)
    if not secret:
        return text
    for form in sorted({secret, unquote(secret)}, key=len, reverse=True):
        if form:
            text = text.replace(form, "***")
    return text


def url_problem(url: str) -> str | None:
    """Why ``url`` is not a usable SQLAlchemy URL, in words that never show its password; None if it is."""
    if secret_of(url) and "@" in (secret_of(url) or ""):
        return ("its password contains an unencoded '@'; write it as %40 (URL-encode the password, "
                "e.g. with urllib.parse.quote_plus)")
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError) as error:
        return (f"it is not a valid SQLAlchemy URL ({scrub(' '.join(str(error).split()), url)}); write it as "
                f"dialect+driver://user:password@host:port/database")
    try:
        parsed.get_dialect()
    except NoSuchModuleError:
        return (f"SQLAlchemy has no dialect or driver {parsed.drivername!r}; use e.g. postgresql+psycopg or "
                f"mariadb+pymysql")
    return None


def choose_source(backend: str, given_url: str | None, probes: Probes, *, docker_ok: bool = True) -> Source:
    """Decide where ``backend``'s server comes from; never starts anything."""
    if backend == "sqlite":
        return Source(backend, "embedded", reason="embedded: a database file per question")
    if given_url:
        malformed = url_problem(given_url)
        if malformed:
            return Source(backend, "unavailable", None,
                          f"the given URL {mask(given_url)} cannot be used: {malformed}. Correct "
                          f"{OPTIONS[backend]} / {ENV_VARS[backend]}")
        problem = probes.unreachable(given_url)
        if problem:
            return Source(backend, "unavailable", given_url,
                          f"the given URL {mask(given_url)} is unreachable: {problem}. Start that server or correct "
                          f"{OPTIONS[backend]} / {ENV_VARS[backend]}")
        return Source(backend, "url", given_url, f"the given URL {mask(given_url)}")
    tried = [f"no URL given ({OPTIONS[backend]} or {ENV_VARS[backend]})"]
    for url in DEFAULT_LOCAL_URLS[backend]:
        problem = probes.unreachable(url)
        if not problem:
            return Source(backend, "local", url, f"the local server at {mask(url)}")
        tried.append(f"{mask(url)}: {problem}")
    if backend == "postgresql":
        pg_ctl = probes.pg_ctl()
        if pg_ctl and not probes.running_as_root():
            return Source(backend, "pytest-postgresql", pg_ctl, f"a server started by pytest-postgresql from {pg_ctl}")
        tried.append("pytest-postgresql: " + ("PostgreSQL will not run as root" if pg_ctl else "no pg_ctl found"))
    docker = probes.docker_unavailable() if docker_ok else "disabled"
    if not docker:
        return Source(backend, "testcontainers", reason="a container started by testcontainers")
    tried.append(f"testcontainers: {docker}")
    return Source(backend, "unavailable", reason="no server: " + "; ".join(tried))


class LiveProbes:
    """Probes that look at this machine."""

    def unreachable(self, url: str) -> str | None:
        engine = create_engine(url, poolclass=NullPool, connect_args={"connect_timeout": 3})
        try:
            with engine.connect() as conn:
                conn.execute(text("SELECT 1"))
        except Exception as error:  # any failure means "not usable here"; say which
            detail = getattr(error, "orig", None) or error
            return scrub(" ".join(str(detail).split()), url)[:300] or type(error).__name__
        finally:
            engine.dispose()
        return None

    def docker_unavailable(self) -> str | None:
        try:
            import docker  # testcontainers depends on it
        except ImportError:
            return "the docker package is not installed"
        try:
            client = docker.from_env(timeout=3)
            client.ping()
            client.close()
        except Exception as error:
            return f"Docker is not available ({' '.join(str(error).split())[:160]})"
        return None

    def running_as_root(self) -> bool:
        return hasattr(os, "geteuid") and os.geteuid() == 0

    def pg_ctl(self) -> str | None:
        found = shutil.which("pg_ctl")
        if found:
            return found
        candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"), reverse=True)
        return str(candidates[0]) if candidates else None

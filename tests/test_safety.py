"""The harness never writes to the database a URL names, and cleans up only its own leftovers."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool
from toybank import ToyBank

from verifiers.harness.backends.naming import PREFIX, host_tag
from verifiers.harness.backends.sources import LiveProbes, choose_source
from verifiers.harness.settings import Settings

QUOTE = {"postgresql": '"', "mariadb": "`"}
LIST_DATABASES = {
    "postgresql": "SELECT datname FROM pg_database",
    "mariadb": "SHOW DATABASES",
}


def server_url(request: pytest.FixtureRequest, backend: str) -> str:
    settings = Settings.from_config(request.config)
    source = choose_source(backend, settings.urls[backend], LiveProbes(), docker_ok=False)
    if source.kind not in ("url", "local"):
        if backend in settings.required:
            pytest.fail(f"{backend} is required but unavailable: {source.reason}")
        pytest.skip(f"{backend} unavailable: {source.reason}")
    assert source.url
    return source.url


def databases(url: str, backend: str, everything: bool = False) -> set[str]:
    """The server's databases; unless ``everything``, less those other test processes sharing it make and drop."""
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as conn:
            names = {row[0] for row in conn.execute(text(LIST_DATABASES[backend]))}
    finally:
        engine.dispose()
    if everything:
        return names
    mine = str(os.getpid())
    return {n for n in names if not n.startswith((PREFIX, "pbsentinel_")) or n.rsplit("_", 1)[-1] == mine
            or f"_{mine}_" in n}


def admin(url: str, *statements: str) -> None:
    engine = create_engine(url, poolclass=NullPool, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            for statement in statements:
                conn.execute(text(statement))
    finally:
        engine.dispose()


@pytest.fixture(params=["postgresql", "mariadb"])
def sentinel(request: pytest.FixtureRequest) -> Iterator[tuple[str, str, str]]:
    """A user's own database holding a table the harness must not touch; dropped afterwards."""
    backend = request.param
    url = server_url(request, backend)
    q = QUOTE[backend]
    name = f"pbsentinel_{os.getpid()}"
    admin(url, f"DROP DATABASE IF EXISTS {q}{name}{q}", f"CREATE DATABASE {q}{name}{q}")
    user_url = make_url(url).set(database=name).render_as_string(hide_password=False)
    admin(user_url, "CREATE TABLE sentinel (id INTEGER PRIMARY KEY)", "INSERT INTO sentinel VALUES (42)")
    yield backend, url, user_url
    admin(url, f"DROP DATABASE IF EXISTS {q}{name}{q}")


def test_the_urls_database_is_untouched_and_nothing_is_left_behind(toy_bank: ToyBank, sentinel) -> None:
    backend, server, user_url = sentinel
    before = databases(server, backend)
    toy_bank.add(id="makes-tables", backends=f"[{backend}]")
    result = toy_bank.pytester.runpytest(f"--{backend}-url", user_url, "--require-backend", backend)
    result.assert_outcomes(passed=1)
    engine = create_engine(user_url, poolclass=NullPool)
    try:
        assert inspect(engine).get_table_names() == ["sentinel"]
        with engine.connect() as conn:
            assert conn.execute(text("SELECT id FROM sentinel")).scalars().all() == [42]
    finally:
        engine.dispose()
    assert databases(server, backend) == before


def test_leftovers_of_the_prefix_are_removed_and_nothing_else(toy_bank: ToyBank, sentinel) -> None:
    backend, server, user_url = sentinel
    q = QUOTE[backend]
    # Names unique to this test process, so test runs sharing a server never collide.
    stale = f"{PREFIX}{int(time.time()) - 7 * 3600}_{host_tag()}_{os.getpid()}"  # older than any run may last
    dead = f"{PREFIX}{int(time.time())}_{host_tag()}_{2**22 + os.getpid()}"  # this host; above any pid_max
    alive_elsewhere = f"{PREFIX}{int(time.time())}_zzzz_{os.getpid()}"  # another host's run, still young
    lookalike = f"proofbankish_keep_{os.getpid()}"
    created = [stale, dead, alive_elsewhere, lookalike]
    admin(server, *[f"DROP DATABASE IF EXISTS {q}{n}{q}" for n in created], *[f"CREATE DATABASE {q}{n}{q}" for n in created])
    try:
        toy_bank.add(id="any", backends=f"[{backend}]")
        toy_bank.pytester.runpytest(f"--{backend}-url", user_url).assert_outcomes(passed=1)
        remaining = databases(server, backend, everything=True)
        assert stale not in remaining and dead not in remaining
        assert alive_elsewhere in remaining and lookalike in remaining
    finally:
        admin(server, *[f"DROP DATABASE IF EXISTS {q}{n}{q}" for n in created])


def test_a_user_who_cannot_create_databases_is_told_so_and_the_run_stops(toy_bank: ToyBank,
                                                                         request: pytest.FixtureRequest) -> None:
    server = server_url(request, "postgresql")
    role = f"pbtest_nocreate_{os.getpid()}"
    admin(server, f'DROP ROLE IF EXISTS "{role}"', f"CREATE ROLE \"{role}\" LOGIN NOCREATEDB")
    try:
        limited = make_url(server).set(username=role).render_as_string(hide_password=False)
        toy_bank.add(id="any", backends="[postgresql]")
        result = toy_bank.pytester.runpytest("--postgresql-url", limited)
        assert result.ret != 0
        result.stdout.fnmatch_lines(["*cannot create databases on*grant the user CREATEDB*"])
    finally:
        admin(server, f'DROP ROLE IF EXISTS "{role}"')

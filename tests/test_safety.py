"""The harness never writes to the database a URL names, and cleans up only its own leftovers."""

from __future__ import annotations

import fcntl
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool
from toybank import ToyBank

from verifiers.harness.backends.naming import LOCK_CLASS, PREFIX, RunTag, lock_key, owner_of
from verifiers.harness.backends.sqlite import LOCK_FILE, reap_sqlite_folders
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


def hold_run_lock(backend: str, url: str, run: RunTag):
    """A connection holding ``run``'s lock, as a live run elsewhere would (another machine, another pid namespace)."""
    engine = create_engine(url, poolclass=NullPool, isolation_level="AUTOCOMMIT")
    conn = engine.connect()
    if backend == "postgresql":
        conn.execute(text("SELECT pg_advisory_lock(:c, :k)"), {"c": LOCK_CLASS, "k": run.lock_key})
    else:
        assert conn.execute(text("SELECT GET_LOCK(:n, 0)"), {"n": run.name()}).scalar() == 1
    return conn, engine


def test_leftovers_of_ended_runs_are_removed_and_a_live_runs_objects_never(toy_bank: ToyBank, sentinel) -> None:
    backend, server, user_url = sentinel
    q = QUOTE[backend]
    now = int(time.time())
    ended = RunTag(now, secrets.token_hex(4)).name("q1")  # its run's lock is free: the run has ended
    live_run = RunTag(now - 30 * 24 * 3600, secrets.token_hex(4))  # a month old, and still running elsewhere
    live = live_run.name("q1")
    legacy_stale = f"{PREFIX}{now - 7 * 3600}_ab12_{os.getpid()}"  # the earlier name form, long finished
    legacy_young = f"{PREFIX}{now}_ab12_{os.getpid()}"  # the earlier form, young: its run may still be going
    lookalike = f"proofbankish_keep_{os.getpid()}"
    created = [ended, live, legacy_stale, legacy_young, lookalike]
    admin(server, *[f"DROP DATABASE IF EXISTS {q}{n}{q}" for n in created], *[f"CREATE DATABASE {q}{n}{q}" for n in created])
    holder, holder_engine = hold_run_lock(backend, server, live_run)
    try:
        toy_bank.add(id="any", backends=f"[{backend}]")
        toy_bank.pytester.runpytest(f"--{backend}-url", user_url).assert_outcomes(passed=1)
        remaining = databases(server, backend, everything=True)
        assert ended not in remaining and legacy_stale not in remaining
        assert live in remaining, "a live run's database is never dropped, however old"
        assert legacy_young in remaining and lookalike in remaining
    finally:
        holder.close()
        holder_engine.dispose()
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


def dead_leftovers(url: str, backend: str, since: int) -> list[str]:
    """Databases of the harness's name form, made since ``since``, whose run's lock is free: leftovers of a
    run that has ended (the invariant after any run: there are none)."""
    engine = create_engine(url, poolclass=NullPool)
    found = []
    try:
        with engine.connect() as conn:
            for name in databases(url, backend, everything=True):
                owner = owner_of(name)
                if owner is None or owner.token is None or owner.epoch < since:
                    continue
                if backend == "mariadb":
                    alive = conn.execute(text("SELECT IS_USED_LOCK(:n)"), {"n": owner.run_name}).scalar() is not None
                else:
                    alive = bool(conn.execute(text(
                        "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND classid::bigint = :c "
                        "AND objid::bigint = :k AND objsubid = 2"), {"c": LOCK_CLASS, "k": lock_key(owner.token)}).scalar())
                if not alive:
                    found.append(name)
    finally:
        engine.dispose()
    return found


def test_a_crashed_xdist_workers_databases_are_removed_by_the_controller(toy_bank: ToyBank,
                                                                        request: pytest.FixtureRequest) -> None:
    url = server_url(request, "mariadb")
    started = int(time.time())
    toy_bank.add(id="a-kills-its-worker", backends="[mariadb]", body="import os, signal\nos.kill(os.getpid(), signal.SIGKILL)")
    toy_bank.add(id="b-fine", backends="[mariadb]")
    result = toy_bank.pytester.runpytest_subprocess("-n", "2", "--mariadb-url", url)
    assert "crashed" in result.stdout.str()
    assert dead_leftovers(url, "mariadb", started) == []


def test_sigterm_cleans_up_as_ctrl_c_does(toy_bank: ToyBank, tmp_path: Path) -> None:
    toy_bank.add(id="a-slow", body="import time\ntime.sleep(60)")
    private_tmp = tmp_path / "tmp"
    private_tmp.mkdir()
    process = subprocess.Popen([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", str(toy_bank.root / "bank")],
                               cwd=toy_bank.root, env={**os.environ, "TMPDIR": str(private_tmp)},
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    deadline = time.monotonic() + 30
    while not list(private_tmp.glob(f"{PREFIX}*_sqlite_*")) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert list(private_tmp.glob(f"{PREFIX}*_sqlite_*")), "the run made its folder"
    process.send_signal(signal.SIGTERM)
    output, _ = process.communicate(timeout=30)
    assert "KeyboardInterrupt" in output or "SIGTERM" in output
    assert list(private_tmp.glob(f"{PREFIX}*")) == [], "the run's SQLite folder is gone"


def test_sqlite_folders_of_ended_runs_are_reaped_and_a_live_runs_never(tmp_path: Path) -> None:
    now = int(time.time())
    ended = tmp_path / f"{RunTag(now, secrets.token_hex(4)).name()}_sqlite_aaaa"
    live = tmp_path / f"{RunTag(now - 30 * 24 * 3600, secrets.token_hex(4)).name()}_sqlite_bbbb"
    legacy_old = tmp_path / f"{PREFIX}{now - 7 * 3600}_ab12_4242_sqlite_cccc"
    being_made = tmp_path / f"{RunTag(now, secrets.token_hex(4)).name()}_sqlite_dddd"  # made, not locked yet
    abandoned = tmp_path / f"{RunTag(now - 3600, secrets.token_hex(4)).name()}_sqlite_eeee"  # never locked, long ago
    for folder in (ended, live, legacy_old):
        folder.mkdir()
        (folder / LOCK_FILE).write_text("")
        os.utime(folder, (now - 3600, now - 3600))  # set up an hour ago
    being_made.mkdir()
    abandoned.mkdir()
    os.utime(abandoned, (now - 3600, now - 3600))
    held = os.open(live / LOCK_FILE, os.O_RDWR)
    fcntl.flock(held, fcntl.LOCK_EX)
    try:
        removed = reap_sqlite_folders(tmp_path)
    finally:
        os.close(held)
    assert sorted(removed) == sorted([ended, legacy_old, abandoned])
    assert live.is_dir() and being_made.is_dir(), "a live run's folder, or one a run is still setting up, stays"


ROLE_PROOF = '''\
from sqlalchemy import text

from verifiers import Lab


def prove(lab: Lab) -> dict[str, bool]:
    role = lab.role("reader")
    with lab.engine.begin() as conn:
        conn.execute(text("CREATE TABLE thing (id INTEGER PRIMARY KEY)"))
        conn.execute(text(f'ALTER TABLE thing OWNER TO "{role}"'))
        owner = conn.execute(text("SELECT tableowner FROM pg_tables WHERE tablename = 'thing'")).scalar()
    count = 1 if owner == role else 0
    lab.fact("rows", count)
    return {"A": count == 1, "B": count == 0, "C": count == 2, "D": count not in (0, 1, 2)}
'''


@pytest.mark.parametrize("create_role", [True, False])
def test_least_privilege_is_enough_or_the_missing_privilege_is_named(toy_bank: ToyBank, request: pytest.FixtureRequest,
                                                                     create_role: bool) -> None:
    server = server_url(request, "postgresql")
    user = f"pbtest_least_{os.getpid()}"
    grant = "CREATEROLE" if create_role else "NOCREATEROLE"
    admin(server, f'DROP ROLE IF EXISTS "{user}"', f'CREATE ROLE "{user}" LOGIN CREATEDB {grant} NOSUPERUSER')
    try:
        limited = make_url(server).set(username=user).render_as_string(hide_password=False)
        toy_bank.add(id="makes-a-role", backends="[postgresql]", proof=ROLE_PROOF)
        result = toy_bank.pytester.runpytest("--postgresql-url", limited)
        if create_role:
            result.assert_outcomes(passed=1)
        else:
            result.assert_outcomes(failed=1)
            assert f'and {user} may not: grant it with ALTER ROLE "{user}" CREATEROLE' in result.stdout.str()
        engine = create_engine(server, poolclass=NullPool)
        with engine.connect() as conn:
            left = conn.execute(text("SELECT r.rolname FROM pg_roles r JOIN pg_auth_members m ON m.roleid = r.oid "
                                     "JOIN pg_roles u ON u.oid = m.member WHERE u.rolname = :u"), {"u": user}).all()
        engine.dispose()
        assert left == [], "every role the run made is dropped"
    finally:
        admin(server, f'DROP ROLE IF EXISTS "{user}"')


def test_a_session_on_template1_is_waited_for_then_named(toy_bank: ToyBank, private_postgresql) -> None:
    server, _ = private_postgresql  # a server of this test's own: blocking template1 must not slow anyone else
    engine = create_engine(make_url(server).set(database="template1"), poolclass=NullPool)
    toy_bank.add(id="any", backends="[postgresql]")
    with engine.connect():
        result = toy_bank.pytester.runpytest("--postgresql-url", server)
    engine.dispose()
    assert result.ret != 0
    output = result.stdout.str() + result.stderr.str()
    assert "another session is connected to the template database (template1)" in output
    assert "grant the user CREATEDB" not in output
    toy_bank.pytester.runpytest("--postgresql-url", server).assert_outcomes(passed=1)


def test_concurrent_runs_in_separate_pid_namespaces_never_drop_each_others_databases(
        toy_bank: ToyBank, request: pytest.FixtureRequest) -> None:
    if shutil.which("unshare") is None or subprocess.run(["unshare", "--pid", "--fork", "--mount-proc", "true"],
                                                         capture_output=True).returncode != 0:
        pytest.skip("cannot make a PID namespace here (unshare needs root)")
    url = server_url(request, "mariadb")
    toy_bank.add(id="slow", backends="[mariadb]", body="import time\ntime.sleep(6)")
    toy_bank.add(id="fast", backends="[mariadb]")
    pytest_command = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "--mariadb-url", url,
                      "--require-backend", "mariadb", str(toy_bank.root / "bank")]
    # Both runs see themselves as pid 1-ish in namespaces of their own: a pid says nothing about whose a name is.
    first = subprocess.Popen(["unshare", "--pid", "--fork", "--mount-proc", *pytest_command, "-k", "slow"], cwd=toy_bank.root,
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    time.sleep(3)  # the first run is now inside its slow proof, on its own database
    # the second run opens the same server, and so looks for leftovers, while the first is mid-proof
    second = subprocess.run(["unshare", "--pid", "--fork", "--mount-proc", *pytest_command, "-k", "fast"],
                            cwd=toy_bank.root, capture_output=True, text=True, timeout=120)
    assert second.returncode == 0, second.stdout
    output, _ = first.communicate(timeout=120)
    assert first.returncode == 0, output
    assert "1 passed" in output


SCHEMA_PROOF = '''\
from sqlalchemy import Column, Integer, MetaData, String, Table, insert, select

from verifiers import Lab

NAMES_FILE = {names_file!r}
metadata = MetaData()
account = Table("account", metadata, Column("id", Integer, primary_key=True), Column("name", String(20)))


def prove(lab: Lab) -> dict[str, bool]:
    tenants = {name: lab.schema(name) for name in ("tenant1", "tenant2")}
    metadata.create_all(lab.engine)  # the question's own schema, unqualified
    for tenant, schema in tenants.items():
        engine = lab.engine.execution_options(schema_translate_map={None: schema})
        metadata.create_all(engine)
        with engine.begin() as conn:
            conn.execute(insert(account).values(id=1, name=tenant))
    names = []
    for schema in tenants.values():
        with lab.engine.execution_options(schema_translate_map={None: schema}).connect() as conn:
            names.append(conn.execute(select(account.c.name)).scalar_one())
    with lab.engine.connect() as conn:
        own = conn.execute(select(account.c.name)).all()
    lab.fact("rows", names)
    with open(NAMES_FILE, "a") as out:  # for the test: which names to look for on the server afterwards
        out.write(lab.backend + " " + " ".join(tenants.values()) + "\\n")
    ok = names == ["tenant1", "tenant2"] and own == [] and len(set(tenants.values())) == 2
    return {"A": ok, "B": not ok, "C": names == [], "D": own != []}
'''


def test_a_proof_gets_extra_schemas_of_its_own_and_they_are_dropped(toy_bank: ToyBank,
                                                                    request: pytest.FixtureRequest) -> None:
    """lab.schema() gives each tenant a schema (a PostgreSQL schema, a MariaDB database, an attached SQLite
    file) beside the question's own, and nothing of them is left after the run."""
    names_file = toy_bank.root / "schema-names.txt"
    toy_bank.add(id="uses-tenant-schemas", backends="[sqlite, postgresql, mariadb]",
                 proof=SCHEMA_PROOF.replace("{names_file!r}", repr(str(names_file))))
    result = toy_bank.pytester.runpytest()
    result.assert_outcomes(passed=3)
    made = dict(line.split(" ", 1) for line in names_file.read_text().splitlines())
    assert made["sqlite"] == "tenant1 tenant2"
    assert all(name.endswith(("_tenant1", "_tenant2")) for name in made["mariadb"].split())
    engine = create_engine(server_url(request, "mariadb"), poolclass=NullPool)
    try:
        with engine.connect() as conn:
            databases = set(conn.execute(text("SHOW DATABASES")).scalars())
    finally:
        engine.dispose()
    assert not databases & set(made["mariadb"].split()), "the tenant databases are dropped with the question"


def test_an_unusable_schema_name_is_refused_with_the_fix() -> None:
    from verifiers.harness.backends.base import QuestionDatabase
    from verifiers.harness.lab import Lab
    from sqlalchemy.engine import URL

    lab = Lab(QuestionDatabase(backend="sqlite", url=URL.create("sqlite+pysqlite"), make_schema=lambda n: n))
    try:
        with pytest.raises(ValueError, match=r"lab.schema\('Tenant-1'\): use a short lowercase name"):
            lab.schema("Tenant-1")
    finally:
        lab.close()

"""Tests of the harness itself."""

from __future__ import annotations

import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest
from toybank import ToyBank

PG_BIN = sorted(Path("/usr/lib/postgresql").glob("*/bin"))

pytest_plugins = ["pytester"]


@pytest.fixture
def toy_bank(pytester: pytest.Pytester) -> ToyBank:
    return ToyBank(pytester)


@pytest.fixture(autouse=True)
def shared_doc_sources(monkeypatch: pytest.MonkeyPatch) -> None:
    """Lint in a test's own folder reads the documentation sources this checkout has fetched (once), rather
    than fetching them again into every test's .proofbank/."""
    monkeypatch.setenv("PROOFBANK_DOCS", str(Path(__file__).resolve().parents[1] / ".proofbank" / "docs"))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--require-browser", action="store_true", default=False,
                     help="fail the browser test, instead of skipping it, when Chromium or playwright is missing")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def private_postgresql():
    """A PostgreSQL server of this test's own, on another port: the shared one is never stopped."""
    if not PG_BIN or shutil.which("runuser") is None:
        pytest.skip("no PostgreSQL binaries or runuser here")
    bin_dir = PG_BIN[-1]
    home = Path(tempfile.mkdtemp(prefix="proofbank-test-pg-"))  # outside pytest's 0700 folder: postgres must reach it
    home.chmod(0o755)
    data = home / "pgdata"
    data.mkdir()
    shutil.chown(data, "postgres", "postgres")
    as_postgres = ["runuser", "-u", "postgres", "--"]
    subprocess.run([*as_postgres, str(bin_dir / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres"],
                   check=True, capture_output=True)
    port = _free_port()
    subprocess.run([*as_postgres, str(bin_dir / "pg_ctl"), "-D", str(data), "-w", "-l", str(data / "log"), "-o",
                    f"-p {port} -k {data} -c listen_addresses=127.0.0.1", "start"], check=True, capture_output=True)
    stop = [*as_postgres, str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres", stop
    finally:
        subprocess.run(stop, capture_output=True)
        shutil.rmtree(home, ignore_errors=True)

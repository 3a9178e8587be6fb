"""Starting a throwaway PostgreSQL with pytest-postgresql, for real.

PostgreSQL will not run as root. As root (as on our CI machines), the check
runs as the ``postgres`` system user through ``runuser``, with a system Python
of the same version reading this virtual environment's packages.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import sys
import sysconfig
import textwrap
from pathlib import Path

import pytest

from verifiers.harness.backends.sources import LiveProbes

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = textwrap.dedent("""
    from sqlalchemy import create_engine, text
    from verifiers.harness.backends.starters import start_pytest_postgresql
    url, stop = start_pytest_postgresql({pg_ctl!r})
    try:
        engine = create_engine(url)
        with engine.connect() as conn:
            print("answered:", conn.execute(text("SELECT 1")).scalar())
        engine.dispose()
    finally:
        stop()
    print("stopped")
""")


def command_as_non_root(pg_ctl: str) -> list[str]:
    code = SCRIPT.format(pg_ctl=pg_ctl)
    if os.geteuid() != 0:
        return [sys.executable, "-c", code]
    try:
        pwd.getpwnam("postgres")
    except KeyError:
        pytest.skip("running as root and there is no postgres system user to run PostgreSQL as")
    system_python = shutil.which("python3", path="/usr/bin")
    if not (shutil.which("runuser") and system_python):
        pytest.skip("running as root without runuser or /usr/bin/python3 to switch to the postgres user")
    version = subprocess.run([system_python, "-c", "import sys; print(sys.version_info[:2])"],
                             capture_output=True, text=True).stdout.strip()
    if version != str(sys.version_info[:2]):
        pytest.skip(f"/usr/bin/python3 is {version}, not {sys.version_info[:2]}: cannot reuse this environment")
    path = f"{sysconfig.get_paths()['purelib']}:{ROOT}"
    return ["runuser", "-u", "postgres", "--", "env", f"PYTHONPATH={path}", system_python, "-c", code]


def test_pytest_postgresql_starts_a_server_that_answers_and_stops_it() -> None:
    pg_ctl = LiveProbes().pg_ctl()
    if pg_ctl is None:
        pytest.skip("no pg_ctl on this machine")
    result = subprocess.run(command_as_non_root(pg_ctl), capture_output=True, text=True, timeout=180, cwd="/tmp")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "answered: 1" in result.stdout and "stopped" in result.stdout

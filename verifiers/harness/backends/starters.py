"""Start a throwaway server when no running one can be used: pytest-postgresql or testcontainers."""

from __future__ import annotations

import shutil
import socket
import tempfile
from collections.abc import Callable
from pathlib import Path

from sqlalchemy.engine import URL

Stop = Callable[[], None]

IMAGES = {"postgresql": "postgres:16-alpine", "mariadb": "mariadb:11.4"}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_pytest_postgresql(pg_ctl: str) -> tuple[str, Stop]:
    """Start PostgreSQL from local binaries in a temporary folder; returns its URL and how to stop it."""
    from pytest_postgresql.executors import PostgreSQLExecutor

    folder = Path(tempfile.mkdtemp(prefix="proofbank-pg-"))
    port = _free_port()
    executor = PostgreSQLExecutor(
        executable=pg_ctl, host="127.0.0.1", port=port, datadir=str(folder / "data"),
        unixsocketdir=str(folder), logfile=str(folder / "postgresql.log"), startparams="-w",
        dbname="postgres", user="postgres",
    )
    executor.start()

    def stop() -> None:
        executor.stop()
        shutil.rmtree(folder, ignore_errors=True)

    url = URL.create("postgresql+psycopg", username="postgres", host="127.0.0.1", port=port, database="postgres")
    return url.render_as_string(hide_password=False), stop


def start_container(backend: str) -> tuple[str, Stop]:
    """Start a container for ``backend`` with testcontainers; returns its URL and how to stop it."""
    if backend == "postgresql":
        from testcontainers.community.postgres import PostgresContainer

        container = PostgresContainer(IMAGES[backend], username="postgres", password="proofbank",
                                      dbname="postgres", driver="psycopg")
        container.start()
        url = container.get_connection_url()
    else:
        from testcontainers.community.mysql import MySqlContainer

        container = MySqlContainer(IMAGES[backend], username="root", root_password="proofbank",
                                   password="proofbank", dbname="mysql")
        container.start()
        host, port = container.get_container_host_ip(), container.get_exposed_port(3306)
        url = URL.create("mariadb+pymysql", username="root", password="proofbank", host=host,
                         port=int(port)).render_as_string(hide_password=False)
    return url, container.stop

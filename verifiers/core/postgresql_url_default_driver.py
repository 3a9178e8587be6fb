"""The driver a URL without one means: postgresql:// is psycopg2 in 2.0 and psycopg (3) in 2.1."""

import importlib.util

from sqlalchemy import create_engine
from sqlalchemy.engine import make_url

from verifiers import Lab, run_alone

PG_URL = "postgresql://root@127.0.0.1/postgres"  # no driver named


def prove(lab: Lab) -> dict[str, bool]:
    drivers = lab.fact("driver chosen for each URL", {
        url: make_url(url).get_dialect().driver
        for url in ("postgresql://u@h/db", "mysql://u@h/db", "mariadb://u@h/db", "sqlite://")
    })
    lab.fact("psycopg2 is installed here", importlib.util.find_spec("psycopg2") is not None)
    made = lab.attempt(f"create_engine({PG_URL!r}) with only psycopg 3 installed", lambda: create_engine(PG_URL))
    if made.ok:
        made.value.dispose()  # nothing was connected: create_engine() only loads the dialect and its driver

    return {
        "A": drivers["postgresql://u@h/db"] == "psycopg2",
        "B": drivers["postgresql://u@h/db"] == "psycopg",
        "C": made.raised(ModuleNotFoundError),
        "D": drivers["mysql://u@h/db"] == "pymysql",
        "E": drivers["sqlite://"] == "pysqlite" and drivers["mariadb://u@h/db"] == "mysqldb",
    }


if __name__ == "__main__":
    run_alone(__file__)

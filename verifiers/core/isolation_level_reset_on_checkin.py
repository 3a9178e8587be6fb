"""A Connection's isolation_level execution option lasts for that checkout only; check-in restores the default."""

from sqlalchemy.pool import QueuePool

from verifiers import Lab, run_alone

DEFAULT = {"postgresql": "READ COMMITTED", "mariadb": "REPEATABLE READ"}


def prove(lab: Lab) -> dict[str, bool]:
    engine = lab.make_engine(poolclass=QueuePool, pool_size=1, max_overflow=0)
    with lab.capture():
        with engine.connect() as conn:
            conn = conn.execution_options(isolation_level="SERIALIZABLE")
            during = lab.fact("level during the first checkout", conn.get_isolation_level())
            first_dbapi = conn.connection.dbapi_connection
        with engine.connect() as conn:
            after = lab.fact("level at the next checkout", conn.get_isolation_level())
            same = lab.fact("the next checkout has the same DBAPI connection",
                            conn.connection.dbapi_connection is first_dbapi)

    return {
        "A": same and after == "SERIALIZABLE",
        "B": during == "SERIALIZABLE" and same and after == DEFAULT[lab.backend],
        "C": not same,
        "D": during != "SERIALIZABLE",
    }


if __name__ == "__main__":
    run_alone(__file__)

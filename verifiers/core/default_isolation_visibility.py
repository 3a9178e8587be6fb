"""Inside one open transaction, does a second count see a row another connection committed meanwhile?"""

from sqlalchemy import Column, Integer, MetaData, Table, func, insert, select

from verifiers import Lab, run_alone

metadata = MetaData()
item = Table("item", metadata, Column("id", Integer, primary_key=True))
LEVELS = {"postgresql": "READ COMMITTED", "sqlite": "SERIALIZABLE", "mariadb": "REPEATABLE READ"}
WRONG_LEVELS = {"postgresql": "REPEATABLE READ", "sqlite": "READ UNCOMMITTED", "mariadb": "READ COMMITTED"}


def count(conn) -> int:
    return conn.scalar(select(func.count()).select_from(item))


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        metadata.create_all(lab.engine)

    with lab.capture():
        with lab.engine.connect() as conn:
            level = lab.fact("get_isolation_level()", conn.get_isolation_level())
            before = lab.fact("first count", count(conn))
            # The text's sentence is about SQLite: there, ask the driver whether that SELECT opened a transaction.
            lab.fact("on SQLite, the first SELECT left no transaction open in the driver",
                     not conn.connection.dbapi_connection.in_transaction if lab.backend == "sqlite" else True)
            with lab.other_connection() as other:
                other.execute(insert(item).values(id=1))
                other.commit()
            after = lab.fact("second count, same transaction", count(conn))

    on_mariadb = lab.backend == "mariadb"
    # Each option speaks of every backend; a run decides the part about the backend it runs on.
    return {
        "A": before == 0 and after == (0 if on_mariadb else 1),
        "B": after == (1 if on_mariadb else 0),
        "C": level == LEVELS[lab.backend],
        "D": level == WRONG_LEVELS[lab.backend],
    }


if __name__ == "__main__":
    run_alone(__file__)

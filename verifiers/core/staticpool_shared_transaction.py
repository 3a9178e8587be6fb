"""Two Connections from a StaticPool engine wrap one DBAPI connection, and so share one transaction."""

from sqlalchemy import Column, Integer, MetaData, Table, func, insert, select
from sqlalchemy.pool import StaticPool

from verifiers import Lab, run_alone

metadata = MetaData()
item = Table("item", metadata, Column("id", Integer, primary_key=True))


def count(conn) -> int:
    return conn.scalar(select(func.count()).select_from(item))


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        metadata.create_all(lab.engine)
    engine = lab.make_engine(poolclass=StaticPool)

    with lab.capture():
        c1 = engine.connect()
        c2 = engine.connect()
        same = lab.fact("c1 and c2 wrap the same DBAPI connection",
                        c1.connection.dbapi_connection is c2.connection.dbapi_connection)
        c1.execute(insert(item).values(id=1))          # not committed
        seen_by_c2 = lab.fact("c2 counts", count(c2))
        with lab.capture() as closing:
            c2.close()
        lab.fact("what c2.close() sent", closing.kinds())
        seen_by_c1 = lab.fact("c1 counts after c2.close()", count(c1))
        c1.commit()
        c1.close()
    with lab.other_connection() as other:
        final = lab.fact("rows stored in the end", count(other))

    return {
        "A": seen_by_c2 == 1 and seen_by_c1 == 1 and final == 1,
        "B": seen_by_c2 == 0,
        "C": same and seen_by_c2 == 1 and seen_by_c1 == 0 and final == 0,
        "D": not same,
    }


if __name__ == "__main__":
    run_alone(__file__)

"""On MariaDB, SQLAlchemy's rowcount for an UPDATE counts matched rows (CLIENT.FOUND_ROWS), changed or not."""

import pymysql
from sqlalchemy import Column, Integer, MetaData, Table, insert, text, update

from verifiers import Lab, run_alone

metadata = MetaData()
flag = Table("flag", metadata, Column("id", Integer, primary_key=True), Column("x", Integer))


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        metadata.create_all(lab.engine)
        with lab.engine.begin() as conn:
            conn.execute(insert(flag), [{"id": 1, "x": 1}, {"id": 2, "x": 1}])

    with lab.capture() as sent:
        with lab.engine.begin() as conn:
            through_sqlalchemy = lab.fact("rowcount through SQLAlchemy",
                                          conn.execute(update(flag).where(flag.c.x == 1).values(x=1)).rowcount)
    lab.fact("statements sent", sent.kinds())

    url = lab.engine.url
    plain = pymysql.connect(host=url.host, port=url.port or 3306, user=url.username, password=url.password or "",
                            database=url.database)
    try:
        with plain.cursor() as cursor:
            through_pymysql = lab.fact("rowcount through a plain pymysql.connect()",
                                       cursor.execute("UPDATE flag SET x = 1 WHERE x = 1"))
        plain.rollback()
    finally:
        plain.close()

    return {
        "A": through_sqlalchemy == 2 and through_pymysql == 0,
        "B": through_sqlalchemy == 0,
        "C": through_sqlalchemy == -1,
        "D": sent.count("SELECT") > 0,
    }


if __name__ == "__main__":
    run_alone(__file__)

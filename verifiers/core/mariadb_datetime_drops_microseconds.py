"""DateTime on MariaDB is DATETIME with no fractional seconds: microseconds are cut off when stored."""

import datetime

from sqlalchemy import Column, DateTime, Integer, MetaData, Table, exc, func, insert, select
from sqlalchemy.dialects import mysql

from verifiers import Lab, run_alone

MOMENT = datetime.datetime(2026, 1, 1, 12, 0, 0, 999999)

metadata = MetaData()
event = Table(
    "event", metadata,
    Column("id", Integer, primary_key=True),
    Column("at", DateTime),
    Column("at6", mysql.DATETIME(fsp=6)),
)


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup(), lab.capture() as ddl:
        metadata.create_all(lab.engine)
    [create] = ddl.of_kind("CREATE TABLE")
    lab.fact("how the CREATE TABLE declares at",
             next(line.strip().rstrip(",") for line in create.sql.splitlines() if line.strip().startswith("at ")))

    with lab.capture():
        with lab.engine.begin() as conn:
            stored = lab.attempt("insert MOMENT into at and at6",
                                 lambda: conn.execute(insert(event).values(id=1, at=MOMENT, at6=MOMENT)))
        with lab.engine.connect() as conn:
            at, at6 = conn.execute(select(event.c.at, event.c.at6)).one() if stored.ok else (None, None)
            lab.fact("at read back", at)
            lab.fact("at6 read back", at6)
            found = lab.fact("rows where at == MOMENT",
                             conn.scalar(select(func.count()).select_from(event).where(event.c.at == MOMENT)))

    whole_second = MOMENT.replace(microsecond=0)
    return {
        "A": stored.raised(exc.DataError),
        "B": at == whole_second + datetime.timedelta(seconds=1) and found == 0,
        "C": at == whole_second and found == 0 and at6 == MOMENT,
        "D": at == MOMENT,
        "E": at == whole_second and found == 1,
    }


if __name__ == "__main__":
    run_alone(__file__)

"""An aware datetime bound to DateTime columns with and without timezone=True, on each backend."""

import datetime

from sqlalchemy import Column, DateTime, Integer, MetaData, Table, exc, insert, select, text

from verifiers import Lab, run_alone

NOON_PLUS_2 = datetime.datetime(2026, 6, 1, 12, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=2)))

metadata = MetaData()
meeting = Table(
    "meeting", metadata,
    Column("id", Integer, primary_key=True),
    Column("at", DateTime),
    Column("at_tz", DateTime(timezone=True)),
)


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup(), lab.capture() as ddl:
        metadata.create_all(lab.engine)
    [create] = ddl.of_kind("CREATE TABLE")
    declared = {line.strip().split(" ", 1)[0]: line.strip().split(" ", 1)[1].rstrip(",")
                for line in create.sql.splitlines() if line.strip().startswith(("at ", "at_tz "))}
    lab.fact("how the CREATE TABLE declares at and at_tz", declared)
    expected = ({"at": "TIMESTAMP WITHOUT TIME ZONE", "at_tz": "TIMESTAMP WITH TIME ZONE"} if lab.backend == "postgresql"
                else {"at": "DATETIME", "at_tz": "DATETIME"})
    lab.fact("the column types are the ones the text names for this backend", declared == expected)

    with lab.engine.begin() as conn:
        if lab.backend == "postgresql":
            conn.execute(text("SET TIME ZONE 'UTC'"))  # the session time zone the stem states
        stored = lab.attempt("insert the aware value into at and at_tz",
                             lambda: conn.execute(insert(meeting).values(id=1, at=NOON_PLUS_2, at_tz=NOON_PLUS_2)))
        at = at_tz = None
        if stored.ok:
            at, at_tz = conn.execute(select(meeting.c.at, meeting.c.at_tz)).one()
    lab.fact("at read back", at)
    lab.fact("at_tz read back", at_tz)

    naive = at is not None and at.tzinfo is None
    wall_noon = naive and (at.hour, at.minute) == (12, 0)
    utc_ten = naive and (at.hour, at.minute) == (10, 0)
    tz_aware_same_instant = at_tz is not None and at_tz.tzinfo is not None and at_tz == NOON_PLUS_2
    tz_naive_noon = at_tz is not None and at_tz.tzinfo is None and (at_tz.hour, at_tz.minute) == (12, 0)
    on_postgresql = lab.backend == "postgresql"
    # Each option speaks of every backend; a run decides the part about the backend it runs on.
    return {
        "A": utc_ten if on_postgresql else wall_noon,
        "B": stored.raised(exc.StatementError),
        "C": at is not None and at.tzinfo is not None,
        "D": tz_naive_noon if on_postgresql else tz_aware_same_instant,
        "E": tz_aware_same_instant if on_postgresql else tz_naive_noon,
    }


if __name__ == "__main__":
    run_alone(__file__)

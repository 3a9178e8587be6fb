"""`column is None` is decided by Python before SQLAlchemy sees it; `== None` and `.is_(None)` render IS NULL."""

from sqlalchemy import Column, Integer, MetaData, String, Table, exc, insert, select
from sqlalchemy.engine import Connection

from verifiers import Lab, run_alone

metadata = MetaData()

task = Table(
    "task",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("owner", String(20), nullable=True),
)


def run(lab: Lab, conn: Connection, label: str, build):
    """Build the query, run it, and record the ids it returned and the WHERE clause it sent."""
    building = lab.attempt(f"{label}: building the query", build)
    if not building.ok:
        return building, None
    query = building.value
    with lab.capture() as sql:
        ids = conn.scalars(query.order_by(task.c.id)).all()
    sent = sql.of_kind("SELECT")
    lab.fact(f"{label}: ids returned", ids)
    lab.fact(f"{label}: SELECT sent", sent[0].sql if sent else None)
    return ids, sent[0] if sent else None


def prove(lab: Lab) -> dict[str, bool]:
    metadata.create_all(lab.engine)
    with lab.engine.begin() as conn:
        conn.execute(insert(task), [{"id": 1, "owner": None}, {"id": 2, "owner": "ada"}, {"id": 3, "owner": None}])

    with lab.engine.connect() as conn:
        is_none, is_none_sql = run(lab, conn, "q1 `owner is None`", lambda: select(task.c.id).where(task.c.owner is None))
        eq_none, eq_none_sql = run(lab, conn, "q2 `owner == None`", lambda: select(task.c.id).where(task.c.owner == None))  # noqa: E711
        is_, _ = run(lab, conn, "`owner.is_(None)`", lambda: select(task.c.id).where(task.c.owner.is_(None)))
        is_not, _ = run(lab, conn, "`owner.is_not(None)`", lambda: select(task.c.id).where(task.c.owner.is_not(None)))
        lab.fact(".is_(None) / .is_not(None): ids", [is_, is_not])
        is_not_none, is_not_none_sql = run(lab, conn, "q3 `owner is not None`", lambda: select(task.c.id).where(task.c.owner is not None))

    raised = not isinstance(is_none, list)
    lab.fact("q1's SQL mentions NULL", is_none_sql is not None and is_none_sql.mentions("NULL"))
    lab.fact(
        "q1's WHERE is `false` or `0 = 1`",
        is_none_sql is not None and ("WHERE false" in is_none_sql.sql or "WHERE 0 = 1" in is_none_sql.sql),
    )
    lab.fact("q3's ids", is_not_none)

    return {
        "A": is_none == [1, 3] and is_none_sql is not None and is_none_sql.mentions("NULL"),
        "B": is_none == [] and is_none_sql is not None and not is_none_sql.mentions("owner"),
        "C": raised and is_none.raised(exc.ArgumentError),
        "D": eq_none == [1, 3] and eq_none_sql is not None and eq_none_sql.mentions("NULL"),
        "E": is_not_none == [2],
        "F": is_none_sql is None and not raised,
    }


if __name__ == "__main__":
    run_alone(__file__)

"""onupdate= is applied by SQLAlchemy when it builds an UPDATE; it leaves no trace in the DDL, and server_onupdate=FetchedValue() creates nothing."""

import re

from sqlalchemy import Column, FetchedValue, Integer, MetaData, String, Table, insert, select, text, update

from verifiers import Lab, run_alone

metadata = MetaData()

doc = Table(
    "doc",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("body", String(50)),
    Column("edited_by", String(20), onupdate="app"),
    Column("synced", String(20), server_onupdate=FetchedValue()),
)


def plain_column(ddl: str, name: str) -> bool:
    """Whether the CREATE TABLE declares ``name`` as a bare VARCHAR(20), with nothing after it."""
    return re.search(rf"\b{name} VARCHAR\(20\)\s*[,)]", ddl) is not None


def prove(lab: Lab) -> dict[str, bool]:
    with lab.capture() as ddl:
        metadata.create_all(lab.engine)
    create = " ".join(s.sql.split()) if (s := next(iter(ddl.of_kind("CREATE TABLE")), None)) else ""
    lab.fact("statements create_all sent", ddl.queries.kinds())
    lab.fact("the CREATE TABLE", create)

    with lab.engine.begin() as conn:
        conn.execute(insert(doc), [{"id": i, "body": "draft"} for i in (1, 2, 3)])
    with lab.engine.begin() as conn:
        after_insert = dict(conn.execute(select(doc.c.id, doc.c.edited_by)).all())
    lab.fact("edited_by after the INSERT, by id", after_insert)

    with lab.capture() as updates, lab.engine.begin() as conn:
        conn.execute(update(doc).where(doc.c.id == 1).values(body="v2"))
        conn.execute(update(doc).where(doc.c.id == 2).values(body="v2", edited_by="ada"))
        conn.execute(text("UPDATE doc SET body = 'v2' WHERE id = 3"))
    first_update = updates.of_kind("UPDATE")[0]
    lab.fact("row 1's UPDATE", first_update.sql)
    lab.fact("row 1's UPDATE parameters", first_update.parameters)

    with lab.engine.connect() as conn:
        rows = {r.id: (r.body, r.edited_by, r.synced) for r in conn.execute(select(doc))}
    lab.fact("(body, edited_by, synced) by id after the updates", rows)
    lab.fact("row 2's edited_by after the updates", rows[2][1])
    lab.fact("row 3's edited_by after the text() UPDATE", rows[3][1])

    triggers_or_alters = lab.fact(
        "trigger or ALTER statements create_all sent",
        [s.kind for s in ddl if "TRIGGER" in s.sql.upper() or s.kind.startswith("ALTER")],
    )
    return {
        "A": rows[2][1] == "app",
        "B": rows[1][1] == "app" and first_update.mentions("edited_by"),
        "C": rows[3][1] == "app",
        "D": plain_column(create, "edited_by") and plain_column(create, "synced") and not triggers_or_alters,
        "E": any(synced is not None for _, _, synced in rows.values()),
        "F": any(value == "app" for value in after_insert.values()),
    }


if __name__ == "__main__":
    run_alone(__file__)

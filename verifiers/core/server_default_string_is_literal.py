"""server_default="now()" is a string: the DDL quotes it, and each backend makes something different of it."""

from sqlalchemy import Column, DateTime, Integer, MetaData, Table, exc, func, insert, select, text
from sqlalchemy.schema import CreateTable

from verifiers import Lab, run_alone

metadata = MetaData()
visit = Table(
    "visit", metadata,
    Column("id", Integer, primary_key=True),
    Column("created_at", DateTime, server_default="now()"),
)


def prove(lab: Lab) -> dict[str, bool]:
    with lab.capture() as ddl:
        created = lab.attempt("create_all", lambda: metadata.create_all(lab.engine))
    creates = ddl.of_kind("CREATE TABLE")
    quoted = lab.fact("the CREATE TABLE says DEFAULT 'now()'", bool(creates) and "DEFAULT 'now()'" in creates[0].sql)

    fixed = Table("visit_fixed", MetaData(), Column("id", Integer, primary_key=True),
                  Column("a", DateTime, server_default=func.now()), Column("b", DateTime, server_default=text("now()")))
    fixed_ddl = str(CreateTable(fixed).compile(dialect=lab.engine.dialect))
    lab.fact("func.now() and text('now()') defaults are quoted in the DDL", "DEFAULT '" in fixed_ddl)

    read = raw = None
    if created.ok:
        for row_id in (1, 2):
            with lab.engine.begin() as conn:  # two transactions: now() would differ between them
                conn.execute(insert(visit).values(id=row_id))
        with lab.engine.connect() as conn:
            raw = lab.fact("created_at as stored (as text)",
                           conn.scalars(text("SELECT CAST(created_at AS VARCHAR(40)) FROM visit ORDER BY id")
                                        if lab.backend != "mariadb" else text("SELECT created_at FROM visit")).all())
            read = lab.attempt("select created_at through the Table",
                               lambda: conn.scalars(select(visit.c.created_at).order_by(visit.c.id)).all())
    read_ok = read is not None and read.ok
    # Each option speaks of every backend; a run decides the part about the backend it runs on.
    if lab.backend == "postgresql":
        a = quoted and read_ok and len(set(read.value)) == 1
        d = read_ok and len(set(read.value)) == 2
    elif lab.backend == "mariadb":
        a = quoted and created.raised(exc.OperationalError)
        d = created.ok and raw == ["now()", "now()"]
    else:  # sqlite
        a = quoted and raw == ["now()", "now()"] and read is not None and read.raised(ValueError)
        d = not created.ok
    return {
        "A": d,
        "B": not quoted,
        "C": quoted and read_ok and len(set(read.value)) == 2,
        "D": a,
    }


if __name__ == "__main__":
    run_alone(__file__)

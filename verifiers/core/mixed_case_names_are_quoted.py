"""A table name with capitals is quoted in the DDL, which makes it case-sensitive where the database cares."""

from sqlalchemy import Column, Integer, MetaData, Table, exc, text

from verifiers import Lab, run_alone

metadata = MetaData()
Table("MyTable", metadata, Column("id", Integer, primary_key=True))


def prove(lab: Lab) -> dict[str, bool]:
    with lab.capture() as ddl:
        metadata.create_all(lab.engine)
    [create] = ddl.of_kind("CREATE TABLE")
    quoted = lab.fact("the CREATE TABLE quotes the name", '"MyTable"' in create.sql or "`MyTable`" in create.sql)

    with lab.capture(), lab.engine.connect() as conn:
        exact = lab.attempt("SELECT count(*) FROM MyTable", lambda: conn.scalar(text("SELECT count(*) FROM MyTable")))
        conn.rollback()
        lower = lab.attempt("SELECT count(*) FROM mytable", lambda: conn.scalar(text("SELECT count(*) FROM mytable")))
        conn.rollback()
        if lab.backend == "postgresql":
            quoted_sql = lab.attempt('SELECT count(*) FROM "MyTable"',
                                     lambda: conn.scalar(text('SELECT count(*) FROM "MyTable"')))
        lab.fact('"MyTable" in double quotes works on PostgreSQL (checked there only)',
                 quoted_sql.ok if lab.backend == "postgresql" else True)
    reflected = lab.attempt("Table('mytable', MetaData(), autoload_with=engine)",
                            lambda: Table("mytable", MetaData(), autoload_with=lab.engine))

    # Each option speaks of every backend; a run decides the part about the backend it runs on.
    if lab.backend == "postgresql":
        a = not exact.ok and not lower.ok and reflected.raised(exc.NoSuchTableError)
        c = exact.ok and lower.ok
        d = exact.ok
    elif lab.backend == "mariadb":
        a = exact.ok and not lower.ok
        c = exact.ok and lower.ok
        d = not exact.ok
    else:
        a = exact.ok and lower.ok
        c = exact.ok and not lower.ok
        d = not exact.ok
    return {
        "A": quoted and a,
        "B": not quoted,
        "C": c,
        "D": d,
    }


if __name__ == "__main__":
    run_alone(__file__)

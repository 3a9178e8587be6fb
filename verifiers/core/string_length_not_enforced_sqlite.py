"""String(3) is VARCHAR(3) everywhere, but only the database checks the length, and SQLite does not."""

from sqlalchemy import Column, Integer, MetaData, String, Table, exc, insert, select

from verifiers import Lab, run_alone

metadata = MetaData()
code = Table("code", metadata, Column("id", Integer, primary_key=True), Column("value", String(3)))


def prove(lab: Lab) -> dict[str, bool]:
    with lab.capture() as ddl:
        metadata.create_all(lab.engine)
    lab.fact("the CREATE TABLE declares VARCHAR(3)", "VARCHAR(3)" in ddl.of_kind("CREATE TABLE")[0].sql)

    with lab.capture() as sent:
        with lab.engine.begin() as conn:
            stored = lab.attempt("insert 'abcdefgh'", lambda: conn.execute(insert(code).values(id=1, value="abcdefgh")))
    lab.fact("INSERT statements sent", sent.count("INSERT"))
    with lab.engine.connect() as conn:
        read = lab.fact("value read back", conn.scalar(select(code.c.value)))

    # Each option speaks of every backend; a run decides the part about the backend it runs on.
    if lab.backend == "sqlite":
        a = stored.ok and read == "abcdefgh"
        b = stored.ok and read == "abc"
    else:
        a = stored.raised(exc.DataError)
        b = stored.ok and read == "abcdefgh"
    return {
        "A": stored.ok and read == "abc",
        "B": b,
        "C": stored.raised(exc.StatementError),
        "D": a,
    }


if __name__ == "__main__":
    run_alone(__file__)

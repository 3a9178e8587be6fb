"""A Sequence on a primary key: used by PostgreSQL and MariaDB (each in its own way), ignored by SQLite."""

from sqlalchemy import Column, Integer, MetaData, Sequence, String, Table, exc, insert, inspect

from verifiers import Lab, run_alone

metadata = MetaData()
ticket_seq = Sequence("ticket_seq", start=500)
ticket = Table(
    "ticket", metadata,
    Column("id", Integer, ticket_seq, primary_key=True),
    Column("title", String(50)),
)


def prove(lab: Lab) -> dict[str, bool]:
    with lab.capture() as ddl:
        created = lab.attempt("create_all", lambda: metadata.create_all(lab.engine))
    lab.fact("DDL statement kinds", [s.kind for s in ddl.queries])
    made_sequence = lab.fact("a CREATE SEQUENCE was sent", any(s.mentions("SEQUENCE") and s.kind.startswith("CREATE")
                                                               for s in ddl.queries))

    with lab.capture() as sent:
        with lab.engine.begin() as conn:
            first_id = lab.fact("first id", conn.execute(insert(ticket).values(title="a")).inserted_primary_key[0])
    statements = [s for s in sent.queries]
    lab.fact("statements the insert sent", [s.kind for s in statements])
    [insert_statement] = [s for s in statements if s.kind == "INSERT"]
    inline_nextval = lab.fact("the INSERT calls nextval itself", insert_statement.mentions("nextval"))
    separate_nextval = lab.fact("a separate statement fetched nextval before the INSERT",
                                any(s.kind == "SELECT" and s.mentions("nextval") for s in statements))
    # Each option speaks of every backend; a run decides the part about the backend it runs on.
    if lab.backend == "postgresql":
        a = made_sequence and first_id == 500 and inline_nextval and not separate_nextval
        b = separate_nextval and not inline_nextval
        d = made_sequence and first_id == 1
    elif lab.backend == "mariadb":
        a = made_sequence and first_id == 500 and separate_nextval and not inline_nextval
        b = inline_nextval and not separate_nextval
        d = not made_sequence and first_id == 1
    else:  # sqlite
        a = not made_sequence and first_id == 1
        b = "sequence" in lab.fact("tables in the database", sorted(inspect(lab.engine).get_table_names()))
        d = created.raised(exc.CompileError)
    return {
        "A": a,
        "B": b,
        "C": first_id == 500 and not made_sequence,
        "D": d,
    }


if __name__ == "__main__":
    run_alone(__file__)

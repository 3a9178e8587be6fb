"""How a single-row Core insert() learns its new primary key: RETURNING on PostgreSQL, lastrowid elsewhere."""

from sqlalchemy import Column, Integer, MetaData, String, Table, exc, insert

from verifiers import Lab, run_alone

metadata = MetaData()
note = Table("note", metadata, Column("id", Integer, primary_key=True), Column("body", String(50)))


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        metadata.create_all(lab.engine)

    with lab.capture() as sent, lab.engine.begin() as conn:
        single = conn.execute(insert(note).values(body="one"))
        new_key = lab.fact("inserted_primary_key", tuple(single.inserted_primary_key))
        many = conn.execute(insert(note), [{"body": "two"}, {"body": "three"}])
        after_many = lab.attempt("inserted_primary_key after an executemany", lambda: many.inserted_primary_key)
        lab.fact("inserted_primary_key_rows after that executemany", [tuple(r) for r in many.inserted_primary_key_rows])
    [first_insert] = sent.of_kind("INSERT")[:1]
    returning = lab.fact("the single-row INSERT has RETURNING", first_insert.mentions("RETURNING"))
    lab.fact("statements sent", sent.kinds())
    follow_up = lab.fact("a SELECT was sent to fetch the key", sent.count("SELECT") > 0)

    # Each option speaks of every backend; a run decides the part about the backend it runs on.
    uses_returning_here = returning if lab.backend == "postgresql" else not returning
    return {
        "A": uses_returning_here and not follow_up and new_key == (1,),
        "B": (follow_up and not returning) if lab.backend == "postgresql" else returning,
        "C": follow_up,
        "D": after_many.raised(exc.InvalidRequestError),
    }


if __name__ == "__main__":
    run_alone(__file__)

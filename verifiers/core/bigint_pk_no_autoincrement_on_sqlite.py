"""A BigInteger primary key: auto-incremented on PostgreSQL and MariaDB, not on SQLite."""

from sqlalchemy import BigInteger, Column, Integer, MetaData, Table, exc, insert

from verifiers import Lab, run_alone

metadata = MetaData()
event = Table("event", metadata, Column("id", BigInteger, primary_key=True), Column("x", Integer))
fixed = Table("event_fixed", metadata, Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True),
              Column("x", Integer))


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup(), lab.capture() as ddl:
        metadata.create_all(lab.engine)
    event_ddl = next(s.sql for s in ddl.of_kind("CREATE TABLE") if "event_fixed" not in s.sql)
    id_line = next(line.strip().rstrip(",") for line in event_ddl.splitlines() if line.strip().startswith("id "))
    lab.fact("how event's CREATE TABLE declares id", id_line)
    expected = {"sqlite": id_line.startswith("id BIGINT"), "postgresql": id_line.startswith("id BIGSERIAL"),
                "mariadb": id_line.startswith("id BIGINT") and "AUTO_INCREMENT" in id_line}
    lab.fact("id is declared as the text says for this backend", expected[lab.backend])

    with lab.capture() as sent:
        with lab.engine.begin() as conn:
            plain = lab.attempt("insert(event).values(x=1)",
                                lambda: tuple(conn.execute(insert(event).values(x=1)).inserted_primary_key))
        with lab.engine.begin() as conn:
            variant = lab.attempt("insert(event_fixed).values(x=1)",
                                  lambda: tuple(conn.execute(insert(fixed).values(x=1)).inserted_primary_key))
    lab.fact("statements sent", sent.kinds())

    on_sqlite = lab.backend == "sqlite"
    # Each option speaks of every backend; a run decides the part about the backend it runs on.
    return {
        "A": plain.raised(exc.IntegrityError, match="NOT NULL") if on_sqlite else plain.ok and plain.value == (1,),
        "B": (plain.ok and plain.value == (1,)) if on_sqlite else not plain.ok,
        "C": variant.ok and variant.value == (1,),
        "D": sent.count("SELECT") > 0,
    }


if __name__ == "__main__":
    run_alone(__file__)

"""Column(unique=True, index=True) gives one unique index and no UNIQUE constraint."""

from sqlalchemy import Column, Integer, MetaData, String, Table, inspect

from verifiers import Lab, run_alone

metadata = MetaData()
account = Table("account", metadata, Column("id", Integer, primary_key=True),
                Column("email", String(100), unique=True, index=True))


def prove(lab: Lab) -> dict[str, bool]:
    with lab.capture() as ddl:
        metadata.create_all(lab.engine)
    [create_table] = ddl.of_kind("CREATE TABLE")
    index_ddl = [s.sql for s in ddl.queries if s.kind.startswith("CREATE") and s.mentions("INDEX")]
    lab.fact("CREATE INDEX statements", index_ddl)
    table_has_unique = lab.fact("the CREATE TABLE has a UNIQUE clause", create_table.mentions("UNIQUE"))

    inspector = inspect(lab.engine)
    indexes = lab.fact("get_indexes('account')",
                       [(i["name"], i["column_names"], bool(i["unique"])) for i in inspector.get_indexes("account")])
    constraints = [c["name"] for c in inspector.get_unique_constraints("account")]
    lab.fact("get_unique_constraints('account') is as the text says for this backend",
             constraints == (["ix_account_email"] if lab.backend == "mariadb" else []))

    return {
        "A": not index_ddl and table_has_unique,
        "B": table_has_unique and len(index_ddl) == 1 and "UNIQUE" not in index_ddl[0],
        "C": any("uq_" in sql for sql in index_ddl),
        "D": index_ddl == ["CREATE UNIQUE INDEX ix_account_email ON account (email)"] and not table_has_unique
             and ("ix_account_email", ["email"], True) in indexes,
    }


if __name__ == "__main__":
    run_alone(__file__)

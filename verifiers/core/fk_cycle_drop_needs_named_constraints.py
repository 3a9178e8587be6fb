"""Two tables that refer to each other: create_all adds the foreign keys with ALTER, drop_all needs them named."""

from sqlalchemy import Column, ForeignKey, Integer, MetaData, Table, exc, inspect

from verifiers import Lab, run_alone


def library(metadata: MetaData) -> MetaData:
    """author and book, each with a foreign key to the other."""
    Table("author", metadata, Column("id", Integer, primary_key=True), Column("favourite_book_id", ForeignKey("book.id")))
    Table("book", metadata, Column("id", Integer, primary_key=True), Column("author_id", ForeignKey("author.id")))
    return metadata


UNNAMED = library(MetaData())
NAMED = library(MetaData(naming_convention={"fk": "fk_%(table_name)s_%(column_0_name)s"}))


def tables_present(lab: Lab) -> list[str]:
    return sorted(name for name in ("author", "book") if inspect(lab.engine).has_table(name))


def create(lab: Lab, label: str, metadata: MetaData):
    with lab.capture() as sql:
        result = lab.attempt(f"{label}: create_all()", lambda: metadata.create_all(lab.engine))
    lab.fact(f"{label}: DDL sent by create_all()", sql.queries.of_kind("CREATE TABLE", "ALTER TABLE").kinds())
    return result, sql


def drop(lab: Lab, label: str, metadata: MetaData):
    with lab.capture() as sql:
        result = lab.attempt(f"{label}: drop_all()", lambda: metadata.drop_all(lab.engine))
    lab.fact(f"{label}: DDL sent by drop_all()", [s.sql for s in sql.queries.of_kind("DROP TABLE", "ALTER TABLE")])
    return result, sql


def prove(lab: Lab) -> dict[str, bool]:
    create_error, created = create(lab, "unnamed", UNNAMED)
    create_tables = created.of_kind("CREATE TABLE")
    alters = created.of_kind("ALTER TABLE")
    inline_fk = any(s.mentions("REFERENCES") for s in create_tables)
    fks_added_by_alter = len(alters) == 2 and all(s.mentions("FOREIGN") for s in alters)
    fk_count = lab.fact(
        "foreign keys the database reports",
        len(inspect(lab.engine).get_foreign_keys("author")) + len(inspect(lab.engine).get_foreign_keys("book")),
    )

    drop_error, dropped = drop(lab, "unnamed", UNNAMED)
    lab.fact("unnamed drop_all(): DROP and ALTER statements sent", len(dropped.queries.of_kind("DROP TABLE", "ALTER TABLE")))
    after_failed_drop = lab.fact("tables left after the unnamed drop_all()", tables_present(lab))
    cascade_used = any(s.mentions("CASCADE") for s in dropped.queries)

    # Clean up by hand (drop_all cannot), then the same tables with named foreign keys.
    keyword = "CONSTRAINT" if lab.backend == "postgresql" else "FOREIGN KEY"
    with lab.engine.begin() as conn:
        for table in ("author", "book"):
            for fk in inspect(conn).get_foreign_keys(table):
                conn.exec_driver_sql(f"ALTER TABLE {table} DROP {keyword} {fk['name']}")
        for table in ("author", "book"):
            conn.exec_driver_sql(f"DROP TABLE {table}")
    create(lab, "named", NAMED)
    named_error, named_dropped = drop(lab, "named", NAMED)
    named_kinds = named_dropped.queries.of_kind("ALTER TABLE", "DROP TABLE").kinds()
    lab.fact(
        "named drop_all(): its ALTERs say DROP CONSTRAINT on PostgreSQL, DROP FOREIGN KEY on MariaDB",
        all(
            (s.mentions("CONSTRAINT") if lab.backend == "postgresql" else s.mentions("FOREIGN") and s.mentions("KEY"))
            for s in named_dropped.of_kind("ALTER TABLE")
        ),
    )
    after_named_drop = lab.fact("tables left after the named drop_all()", tables_present(lab))

    return {
        "A": create_error.raised(exc.CircularDependencyError),
        "B": create_error.ok and len(create_tables) == 2 and not inline_fk and fks_added_by_alter and fk_count == 2,
        "C": drop_error.raised(exc.CircularDependencyError) and after_failed_drop == ["author", "book"],
        "D": drop_error.ok and cascade_used,
        "E": named_error.ok
        and named_kinds == ["ALTER TABLE", "ALTER TABLE", "DROP TABLE", "DROP TABLE"]
        and after_named_drop == [],
        "F": not create_error.ok,
    }


if __name__ == "__main__":
    run_alone(__file__)

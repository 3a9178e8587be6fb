"""A "ck" naming convention built on %(constraint_name)s refuses an unnamed CheckConstraint while the Table is built."""

from sqlalchemy import CheckConstraint, Column, Integer, MetaData, Table, exc, inspect

from verifiers import Lab, run_alone

CONVENTION = {"ck": "ck_%(table_name)s_%(constraint_name)s"}


def build_gauge(metadata: MetaData, check: CheckConstraint) -> Table:
    return Table(
        "gauge",
        metadata,
        Column("id", Integer, primary_key=True),
        Column("level", Integer),
        check,
    )


def prove(lab: Lab) -> dict[str, bool]:
    unnamed_metadata = MetaData(naming_convention=CONVENTION)
    with lab.capture() as unnamed_sql:
        building = lab.attempt(
            "Table() with the unnamed CHECK", lambda: build_gauge(unnamed_metadata, CheckConstraint("level > 0"))
        )
        built = building.value
        creating = lab.attempt("create_all() for the unnamed version", lambda: unnamed_metadata.create_all(lab.engine)) if building.ok else None
    lab.fact("Table() with the unnamed CHECK raised", building.error_class)
    lab.fact("tables in that MetaData afterwards", sorted(unnamed_metadata.tables))
    sent_for_unnamed = lab.fact("statements sent for the unnamed version", unnamed_sql.kinds())
    unnamed_check = [c for c in built.constraints if isinstance(c, CheckConstraint)] if built is not None else []

    named_metadata = MetaData(naming_convention=CONVENTION)
    build_gauge(named_metadata, CheckConstraint("level > 0", name="positive"))
    with lab.capture() as named_sql:
        named_metadata.create_all(lab.engine)
    create_table = named_sql.of_kind("CREATE TABLE")
    ddl = lab.fact("CREATE TABLE for the named version", create_table[0].sql if create_table else None) or ""
    reflected = lab.fact(
        "check constraints the database reports on gauge",
        sorted(str(c["name"]) for c in inspect(lab.engine).get_check_constraints("gauge")),
    )

    return {
        "A": building.raised(
            exc.InvalidRequestError, match=r"requires that constraint is explicitly named"
        ) and sent_for_unnamed == [],
        "B": built is not None and any(c.name is None for c in unnamed_check),
        "C": building.ok and creating is not None and not creating.ok,
        "D": built is not None and any(str(c.name).startswith("ck_gauge_") for c in unnamed_check),
        "E": "CONSTRAINT ck_gauge_positive" in ddl and reflected == ["ck_gauge_positive"],
        "F": "ck_gauge_positive" not in ddl and "positive" in reflected,
    }


if __name__ == "__main__":
    run_alone(__file__)

"""op.create_* directives name constraints by the naming_convention of target_metadata; op.f() names are kept as written."""

from alembic.operations import Operations
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Column, Integer, MetaData, String, Table, inspect

from verifiers import Lab, run_alone

# The schema as earlier migrations left it.
deployed = MetaData()
Table(
    "syl_c",
    deployed,
    Column("id", Integer, primary_key=True),
    Column("name", String(50)),
    Column("code", String(10)),
    Column("amt", Integer),
)

# The application's metadata, as env.py passes it to context.configure(target_metadata=...).
target_metadata = MetaData(
    naming_convention={
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
    }
)


def constraint_names(lab: Lab) -> tuple[dict[str, list[str]], dict[str, str]]:
    """Unique constraints as {name: columns}, check constraints as {name: sqltext}, as the server reports them."""
    inspector = inspect(lab.engine)
    uniques = {uq["name"]: uq["column_names"] for uq in inspector.get_unique_constraints("syl_c")}
    checks = {ck["name"]: ck["sqltext"] for ck in inspector.get_check_constraints("syl_c")}
    return uniques, checks


def prove(lab: Lab) -> dict[str, bool]:
    deployed.create_all(lab.engine)

    with lab.engine.begin() as connection:
        op = Operations(MigrationContext.configure(connection, opts={"target_metadata": target_metadata}))
        with lab.capture() as migrating:
            op.create_unique_constraint(None, "syl_c", ["name"])
            op.create_check_constraint("positive", "syl_c", "amt > 0")
            op.create_check_constraint(op.f("explicit_ck"), "syl_c", "amt < 1000")

    # Control: the same kind of directive in a migration whose context has no target_metadata.
    with lab.engine.begin() as connection:
        bare = Operations(MigrationContext.configure(connection))
        with lab.capture() as bare_sql:
            bare_run = lab.attempt(
                "create_unique_constraint(None, ...) without target_metadata",
                lambda: bare.create_unique_constraint(None, "syl_c", ["code"]),
            )

    lab.fact("ALTER statements sent with target_metadata", [s.sql for s in migrating.queries])
    lab.fact("the first ALTER names uq_syl_c_name", migrating.queries[0].mentions("uq_syl_c_name"))
    lab.fact("ALTER sent without target_metadata", [s.sql for s in bare_sql.queries])
    lab.fact("the ALTER without target_metadata names a constraint", [s.mentions("CONSTRAINT") for s in bare_sql.queries])
    uniques, checks = constraint_names(lab)
    lab.fact("unique constraints on syl_c", uniques)
    lab.fact("check constraints on syl_c", sorted(checks))

    named_by_server = [name for name, columns in uniques.items() if columns == ["code"]]
    lab.fact(
        "the server named the constraint on code as the text says for this backend",
        named_by_server == (["syl_c_code_key"] if lab.backend == "postgresql" else ["code"]),
    )
    unnamed_name_uq = [s for s in migrating.queries if s.mentions("UNIQUE") and not s.mentions("CONSTRAINT")]

    return {
        "A": not bare_run.ok or not named_by_server,
        "B": "positive" in checks,
        "C": "explicit_ck" in checks and "ck_syl_c_explicit_ck" not in checks,
        "D": bool(unnamed_name_uq) and "uq_syl_c_name" not in uniques,
        "E": uniques.get("uq_syl_c_name") == ["name"],
    }


if __name__ == "__main__":
    run_alone(__file__)

"""`alembic stamp` records a revision without running any migration."""

from alembic import command
from sqlalchemy import Column, Integer, MetaData, String, Table, column, inspect, select, table

from verifiers import Lab, Revision, alembic_project, run_alone

# a1 creates the table the app already had; b2 adds a column the database does not have yet.
REVISIONS = {
    "a1": Revision(
        None,
        "op.create_table('acct', sa.Column('id', sa.Integer, primary_key=True), sa.Column('name', sa.String(30)))",
        "op.drop_table('acct')",
    ),
    "b2": Revision("a1", "op.add_column('acct', sa.Column('email', sa.String(80)))", "op.drop_column('acct', 'email')"),
}

# The database before Alembic was adopted: acct was made by hand (what a1 describes).
existing = MetaData()
Table("acct", existing, Column("id", Integer, primary_key=True), Column("name", String(30)))


def versions(lab: Lab) -> list[str]:
    with lab.other_connection() as other:
        return sorted(other.scalars(select(column("version_num")).select_from(table("alembic_version"))))


def columns(lab: Lab) -> list[str]:
    return [c["name"] for c in inspect(lab.engine).get_columns("acct")]


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        existing.create_all(lab.engine)

    with alembic_project(lab.engine, REVISIONS) as config:
        with lab.capture() as stamping:
            stamped = lab.attempt("alembic stamp head", lambda: command.stamp(config, "head"))
        stamp_ddl = lab.fact(
            "schema statements `stamp head` sent, apart from creating alembic_version",
            [s.kind for s in stamping.queries if s.kind not in ("SELECT", "INSERT", "UPDATE", "DELETE")
             and not s.mentions("alembic_version")],
        )
        after_stamp = lab.fact("alembic_version after `stamp head`", versions(lab))
        with lab.capture() as upgrading:
            upgraded = lab.attempt("alembic upgrade head", lambda: command.upgrade(config, "head"))
        upgrade_alters = lab.fact("ALTER TABLE statements `upgrade head` sent", len(upgrading.of_kind("ALTER TABLE")))
        columns_after = lab.fact("acct's columns after `upgrade head`", columns(lab))

        # The way to adopt Alembic: stamp the revision the schema matches, then upgrade.
        command.stamp(config, "a1")
        with lab.capture() as adopting:
            command.upgrade(config, "head")
        lab.fact("after `stamp a1`, ALTER TABLE statements `upgrade head` sent",
                 len(adopting.of_kind("ALTER TABLE")))
        lab.fact("acct's columns after `stamp a1` and `upgrade head`", columns(lab))

    return {
        "A": stamped.error_class is not None,
        "B": stamped.ok and stamp_ddl == [] and after_stamp == ["b2"] and upgraded.ok and upgrade_alters == 0
        and "email" not in columns_after,
        "C": upgrade_alters == 1 and "email" in columns_after,
        "D": after_stamp == ["a1"],
        "E": stamp_ddl != [] and "email" in columns_after,
    }


if __name__ == "__main__":
    run_alone(__file__)

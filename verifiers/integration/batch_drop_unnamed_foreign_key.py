"""Dropping a foreign key that was created without a name: SQLite batch mode needs a naming convention; servers named it."""

from alembic.operations import Operations
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Column, ForeignKey, Integer, MetaData, Table, inspect
from sqlalchemy.exc import DBAPIError

from verifiers import Lab, run_alone

deployed = MetaData()  # no naming convention: the foreign key is created without a name
Table("parent", deployed, Column("id", Integer, primary_key=True))
Table("child", deployed, Column("id", Integer, primary_key=True), Column("pid", ForeignKey("parent.id")))

CONVENTION = {"fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s"}


def drop_by_convention_name(lab: Lab, label: str, **batch_options):
    """Run the migration step in a transaction; return (attempt, statements sent)."""
    def step() -> None:
        with lab.engine.begin() as connection:
            op = Operations(MigrationContext.configure(connection))
            with op.batch_alter_table("child", **batch_options) as batch:
                batch.drop_constraint("fk_child_pid_parent", type_="foreignkey")

    with lab.capture() as sql:
        result = lab.attempt(label, step)
    return result, [s.kind for s in sql.queries if s.kind not in ("PRAGMA", "SELECT")]


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        deployed.create_all(lab.engine)
    reflected_name = lab.fact("the foreign key's name, as the Inspector reports it",
                              inspect(lab.engine).get_foreign_keys("child")[0]["name"])
    lab.fact("the Inspector reports the name the text gives for this database (None on SQLite)",
             reflected_name == {"sqlite": None, "postgresql": "child_pid_fkey", "mariadb": "child_ibfk_1"}[lab.backend])
    lab.fact("what SQLAlchemy's default naming convention covers", sorted(MetaData().naming_convention))

    plain, plain_sent = drop_by_convention_name(lab, "batch drop_constraint('fk_child_pid_parent')")
    lab.fact("statements sent by the plain batch drop", plain_sent)
    named, named_sent = drop_by_convention_name(lab, "the same, with naming_convention", naming_convention=CONVENTION)
    lab.fact("statements sent by the batch drop with naming_convention", named_sent)
    fks_after = lab.fact("foreign keys on child afterwards", len(inspect(lab.engine).get_foreign_keys("child")))

    sqlite = lab.backend == "sqlite"
    # Each option states every backend's part; a run decides the part for its own backend.
    fails_at_server = isinstance(plain.error, DBAPIError) and plain_sent == ["ALTER TABLE"]
    rebuilt = named_sent == ["CREATE TABLE", "INSERT", "DROP TABLE", "ALTER TABLE"]
    return {
        "A": plain.raised(ValueError, match="No such constraint") and plain_sent == [] if sqlite else fails_at_server,
        "B": named.ok and rebuilt and fks_after == 0 if sqlite else not named.ok and fks_after == 1,
        "C": named.ok and fks_after == 0 and (named_sent == ["ALTER TABLE"] if sqlite else True),
        "D": plain.ok,
        "E": reflected_name == "fk_child_pid_parent",
    }


if __name__ == "__main__":
    run_alone(__file__)

"""On MariaDB and SQLite, DDL is not rolled back: a failed `upgrade head` leaves earlier revisions and part of the failing one."""

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from sqlalchemy import MetaData, column, dialects, inspect, select, table

from verifiers import Lab, Revision, alembic_project, run_alone

REVISIONS = {
    "a1": Revision.creating(None, "t1"),
    "b2": Revision.creating("a1", "t2"),
    # c3 creates its table, then fails: the table it alters does not exist.
    "c3": Revision("b2", upgrade="""
        op.create_table('t3', sa.Column('id', sa.Integer, primary_key=True))
        op.add_column('no_such_table', sa.Column('note', sa.String(20)))
    """),
}


def upgrade_error(config: Config) -> str | None:
    """Run `upgrade head`: None if it succeeded, else the error's class and the database's first line."""
    try:
        command.upgrade(config, "head")
    except Exception as raised:  # c3 is meant to fail; what it leaves behind is the question
        return f"{type(raised).__name__}: {str(raised.__cause__ or raised).strip().splitlines()[0]}"
    return None


def left_behind(lab: Lab) -> tuple[list[str], list[str]]:
    """The tables and the alembic_version rows the database holds now."""
    tables = sorted(inspect(lab.engine).get_table_names())
    versions: list[str] = []
    if "alembic_version" in tables:
        with lab.other_connection() as other:
            versions = list(other.scalars(select(column("version_num")).select_from(table("alembic_version"))))
    return tables, versions


def transactions(kinds: list[str]) -> list[list[str]]:
    """Each transaction of a run: the kinds of the writes it sent (DDL, INSERT, UPDATE), then how it ended."""
    groups, current = [], []
    for kind in kinds:
        if kind in ("COMMIT", "ROLLBACK"):
            groups.append([*current, kind])
            current = []
        elif kind.startswith(("CREATE", "ALTER", "DROP")) or kind in ("INSERT", "UPDATE", "DELETE"):
            current.append(kind)
    return groups


def drop_everything(lab: Lab) -> None:
    """Back to an empty database, for the run with other options."""
    everything = MetaData()
    everything.reflect(lab.engine)
    everything.drop_all(lab.engine)


def prove(lab: Lab) -> dict[str, bool]:
    lab.fact(
        "dialects whose Alembic impl declares transactional DDL",
        sorted(name for name in dialects.__all__ if MigrationContext.configure(dialect_name=name).impl.transactional_ddl),
    )
    with lab.engine.connect() as connection:
        lab.fact("this backend's Alembic impl declares transactional DDL", MigrationContext.configure(connection).impl.transactional_ddl)

    with alembic_project(lab.engine, REVISIONS) as config:
        with lab.capture() as first_run:
            first_error = lab.fact("stock env.py: error", upgrade_error(config))
        lab.fact("stock env.py: transaction control", first_run.transaction_flow())
        stock = lab.fact("stock env.py: each transaction's writes, then its end", transactions(first_run.kinds()))
        tables, versions = left_behind(lab)
        lab.fact("stock env.py: tables left", tables)
        lab.fact("stock env.py: alembic_version rows", versions)

        second_error = lab.fact("`upgrade head` run again: error", upgrade_error(config))
        quoted = {"sqlite": "table t3 already exists", "mariadb": """(1050, "Table 't3' already exists")"""}[lab.backend]
        lab.fact("`upgrade head` run again: the error holds the message the text quotes for this backend",
                 second_error is not None and quoted in second_error)

    drop_everything(lab)
    with alembic_project(lab.engine, REVISIONS, transaction_per_migration=True) as config:
        with lab.capture() as per_migration_run:
            per_migration_error = lab.fact("transaction_per_migration=True: error", upgrade_error(config))
        lab.fact("transaction_per_migration=True: the transactions are the stock env.py's",
                 transactions(per_migration_run.kinds()) == stock)
        per_migration_tables, per_migration_versions = left_behind(lab)
        lab.fact("transaction_per_migration=True: (tables, alembic_version rows) left",
                 [per_migration_tables, per_migration_versions])

    return {
        "A": per_migration_error is not None and "t3" not in per_migration_tables,
        "B": first_error is not None and "t3" in tables and "c3" not in versions,
        "C": not {"t1", "t2", "t3"} & set(tables),
        "D": "alembic_version" in tables and versions == [],
        "E": second_error is not None and "t3" in second_error and "already exists" in second_error,
        "F": first_error is not None and {"t1", "t2"} <= set(tables) and versions == ["b2"],
    }


if __name__ == "__main__":
    run_alone(__file__)

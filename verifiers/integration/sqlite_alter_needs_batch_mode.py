"""Why Alembic has batch mode: SQLite cannot ALTER a column or add a constraint; batch copies the table there."""

from alembic.operations import Operations
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Column, Integer, MetaData, String, Table, inspect, insert, select

from verifiers import Lab, run_alone

# Two tables shaped alike: one for the plain operations, one for the batch block.
deployed = MetaData()
for name in ("acct", "member"):
    Table(name, deployed, Column("id", Integer, primary_key=True), Column("email", String(50)))


def migrate(lab: Lab, step):
    """Run ``step(op)`` in a transaction, as a migration's upgrade() would; return (attempt, statements)."""
    def run() -> None:
        with lab.engine.begin() as connection:
            step(Operations(MigrationContext.configure(connection)))

    with lab.capture() as sql:
        result = lab.attempt(step.__doc__, run)
    return result, [s for s in sql.queries if s.kind not in ("PRAGMA", "SELECT")]


def plain_not_null(op: Operations) -> None:
    """op.alter_column('acct', 'email', nullable=False)"""
    op.alter_column("acct", "email", existing_type=String(50), nullable=False)


def plain_unique(op: Operations) -> None:
    """op.create_unique_constraint('uq_acct_email', 'acct', ['email'])"""
    op.create_unique_constraint("uq_acct_email", "acct", ["email"])


def in_batch(op: Operations) -> None:
    """the same two changes inside op.batch_alter_table('member')"""
    with op.batch_alter_table("member") as batch:
        batch.alter_column("email", existing_type=String(50), nullable=False)
        batch.create_unique_constraint("uq_member_email", ["email"])


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        deployed.create_all(lab.engine)
        with lab.engine.begin() as conn:
            for table in deployed.sorted_tables:
                conn.execute(insert(table).values(id=1, email="ada@example.com"))

    not_null, not_null_sql = migrate(lab, plain_not_null)
    unique, unique_sql = migrate(lab, plain_unique)
    batch, batch_sql = migrate(lab, in_batch)
    lab.fact("statements the plain unique constraint sent", [s.kind for s in unique_sql])
    batch_shape = lab.fact("the batch block's statements: kind and whether they name _alembic_tmp_member",
                           [(s.kind, s.mentions("_alembic_tmp_member")) for s in batch_sql])
    copied = any(named for _, named in batch_shape)
    member = inspect(lab.engine)
    lab.fact("member.email nullable after the batch", member.get_columns("member")[1]["nullable"])
    lab.fact("member's unique constraints after the batch", [c["name"] for c in member.get_unique_constraints("member")])
    with lab.other_connection() as other:
        rows = lab.fact("member rows after the batch", [tuple(r) for r in other.execute(select(deployed.tables["member"]))])

    sqlite = lab.backend == "sqlite"
    # Each option states every backend's part; a run decides the part for its own backend.
    return {
        "A": rows == [],
        "B": unique.raised(NotImplementedError) and unique_sql == [] if sqlite else unique.ok,
        "C": batch.ok and (copied if sqlite else not copied and {k for k, _ in batch_shape} == {"ALTER TABLE"}),
        "D": batch.ok and copied and not sqlite,
        "E": not_null.error_class == "OperationalError" and "ALTER" in not_null.message if sqlite else not_null.ok,
    }


if __name__ == "__main__":
    run_alone(__file__)

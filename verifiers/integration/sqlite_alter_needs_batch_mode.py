"""Why Alembic has batch mode: SQLite cannot ALTER a column or add a constraint; batch copies the table there."""

import io

from alembic.operations import Operations
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Column, Integer, MetaData, String, Table, inspect, insert, select
from sqlalchemy.exc import OperationalError

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


def rendered_for(dialect: str) -> str:
    """The SQL Alembic writes for the batch block on ``dialect``, in offline (--sql) mode: no database needed."""
    buffer = io.StringIO()
    in_batch(Operations(MigrationContext.configure(dialect_name=dialect, opts={"as_sql": True, "output_buffer": buffer})))
    return buffer.getvalue()


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        deployed.create_all(lab.engine)
        with lab.engine.begin() as conn:
            for table in deployed.sorted_tables:
                conn.execute(insert(table).values(id=1, email="ada@example.com"))

    not_null, not_null_sql = migrate(lab, plain_not_null)
    unique, unique_sql = migrate(lab, plain_unique)
    batch, batch_sql = migrate(lab, in_batch)
    lab.fact("statements the plain NOT NULL sent", [s.kind for s in not_null_sql])
    lab.fact("statements the plain unique constraint sent", [s.kind for s in unique_sql])
    batch_shape = lab.fact("the batch block's statements: kind, names _alembic_tmp_member, names member",
                           [(s.kind, s.mentions("_alembic_tmp_member"), s.mentions("member")) for s in batch_sql])
    copied = any(tmp for _, tmp, _ in batch_shape)
    # On SQLite the servers cannot be watched; what Alembic writes for them (offline) stands in for them.
    servers_copy = lab.fact("the batch block, rendered for postgresql and mariadb, names _alembic_tmp_member",
                            ["_alembic_tmp_member" in rendered_for(d) for d in ("postgresql", "mariadb")])
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
        # SQLite: CREATE the copy, INSERT into it (SELECT from member), DROP member, RENAME the copy.
        "C": batch.ok and (batch_shape == [("CREATE TABLE", True, False), ("INSERT", True, True),
                                           ("DROP TABLE", False, True), ("ALTER TABLE", True, True)] if sqlite
                           else batch_shape == [("ALTER TABLE", False, True)] * 2),
        "D": batch.ok and (any(servers_copy) if sqlite else copied),
        "E": (not_null.raised(OperationalError, match='near "ALTER": syntax error') if sqlite
              else not_null.ok),
    }


if __name__ == "__main__":
    run_alone(__file__)

"""Autogenerate sees a renamed column as a new column plus a dropped one; what else it compares by default."""

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Column, Integer, MetaData, String, Table
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from verifiers import Lab, run_alone

# What the database holds today: the schema as the last migration left it.
deployed = MetaData()
Table(
    "acct",
    deployed,
    Column("id", Integer, primary_key=True),
    Column("fullname", String(50)),
    Column("code", String(10)),
    Column("note", String(20), server_default="x"),
)
Table("legacy_audit", deployed, Column("id", Integer, primary_key=True))


# The models after editing: fullname renamed, code widened, note's default changed,
# and no model for legacy_audit any more.
class Base(DeclarativeBase):
    pass


class Account(Base):
    __tablename__ = "acct"
    id: Mapped[int] = mapped_column(primary_key=True)
    full_name: Mapped[str | None] = mapped_column(String(50))
    code: Mapped[str | None] = mapped_column(String(20))
    note: Mapped[str | None] = mapped_column(String(20), server_default="y")


def flatten(diffs: list) -> list[tuple]:
    """compare_metadata() returns table-level diffs as tuples and column modifications
    as lists of tuples; give every diff as one tuple."""
    flat: list[tuple] = []
    for diff in diffs:
        flat.extend(diff if isinstance(diff, list) else [diff])
    return flat


def described(diff: tuple) -> str:
    """A diff as 'operation table[.column]', e.g. 'add_column acct.full_name'."""
    op = diff[0]
    if op in ("add_table", "remove_table"):
        return f"{op} {diff[1].name}"
    if op in ("add_column", "remove_column"):
        return f"{op} {diff[2]}.{diff[3].name}"
    if op.startswith("modify_"):
        return f"{op} {diff[2]}.{diff[3]}"
    return op


def prove(lab: Lab) -> dict[str, bool]:
    deployed.create_all(lab.engine)

    with lab.engine.connect() as connection:
        context = MigrationContext.configure(connection)  # Alembic's defaults: no options set
        diffs = [described(d) for d in flatten(compare_metadata(context, Base.metadata))]

        # Control: the database really holds the old default, and Alembic sees it once asked to.
        asked = MigrationContext.configure(connection, opts={"compare_server_default": True})
        with_defaults = [described(d) for d in flatten(compare_metadata(asked, Base.metadata))]

    lab.fact("diffs (default options)", diffs)
    lab.fact("extra diffs with compare_server_default=True", [d for d in with_defaults if d not in diffs])

    # A rename would have to alter fullname or full_name in place, rather than add one and drop the other.
    renamed_in_place = [
        d for d in diffs if d.startswith("modify_") and d.split()[1] in ("acct.fullname", "acct.full_name")
    ]

    return {
        "A": "add_column acct.full_name" in diffs and "remove_column acct.fullname" in diffs,
        "B": bool(renamed_in_place),
        "C": "modify_type acct.code" in diffs,
        "D": "modify_default acct.note" in diffs,
        "E": "remove_table legacy_audit" not in diffs,
    }


if __name__ == "__main__":
    run_alone(__file__)

"""Which model changes autogenerate turns into operations, with Alembic's default comparison options."""

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import CheckConstraint, Column, Integer, MetaData, String, Table
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from verifiers import Lab, run_alone

# What the database holds: the schema as the last migration left it.
deployed = MetaData()
Table(
    "item",
    deployed,
    Column("id", Integer, primary_key=True),
    Column("name", String(50), nullable=True),
    Column("sku", String(20)),
    Column("qty", Integer),
)
Table("supplier", deployed, Column("id", Integer, primary_key=True))


# The models after editing.
class Base(DeclarativeBase):
    pass


class Item(Base):
    __tablename__ = "item"
    __table_args__ = (CheckConstraint("qty >= 0", name="ck_item_qty"),)        # C: a named CHECK constraint
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50), nullable=False)             # B: NOT NULL now
    sku: Mapped[str | None] = mapped_column(String(20), index=True)           # D: an index
    qty: Mapped[int | None] = mapped_column(default=0)                         # A: a Python-side default


class Vendor(Base):                                                            # E: supplier renamed to vendor
    __tablename__ = "vendor"
    id: Mapped[int] = mapped_column(primary_key=True)


def flatten(diffs: list) -> list[tuple]:
    """compare_metadata() gives column modifications as lists of tuples; give every diff as one tuple."""
    flat: list[tuple] = []
    for diff in diffs:
        flat.extend(diff if isinstance(diff, list) else [diff])
    return flat


def described(diff: tuple) -> str:
    """A diff as 'operation target', e.g. 'add_index ix_item_sku' or 'modify_nullable item.name'."""
    op = diff[0]
    if op in ("add_table", "remove_table"):
        return f"{op} {diff[1].name}"
    if op in ("add_index", "remove_index", "add_constraint", "remove_constraint"):
        return f"{op} {diff[1].name}"
    if op in ("add_column", "remove_column"):
        return f"{op} {diff[2]}.{diff[3].name}"
    if op.startswith("modify_"):
        return f"{op} {diff[2]}.{diff[3]}"
    return op


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        deployed.create_all(lab.engine)

    with lab.engine.connect() as connection:
        context = MigrationContext.configure(connection)  # Alembic's defaults: no options set
        diffs = lab.fact("operations autogenerate proposes", sorted(
            described(d) for d in flatten(compare_metadata(context, Base.metadata))))

        # Opting in to the comparison of named CHECK constraints.
        with_plugin = MigrationContext.configure(connection, opts={
            "autogenerate_plugins": ["alembic.autogenerate.*", "alembic.ext.checkconstraint_byname"]})
        extra = [described(d) for d in flatten(compare_metadata(with_plugin, Base.metadata))]
        lab.fact("extra operations with the checkconstraint_byname plugin", sorted(set(extra) - set(diffs)))

    about_qty = [d for d in diffs if "qty" in d]
    return {
        "A": bool(about_qty),
        "B": "modify_nullable item.name" in diffs,
        "C": any("ck_item_qty" in d for d in diffs),
        "D": "add_index ix_item_sku" in diffs,
        "E": not ({"add_table vendor", "remove_table supplier"} <= set(diffs)),
    }


if __name__ == "__main__":
    run_alone(__file__)

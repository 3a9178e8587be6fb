"""Without a naming convention, autogenerate renders new unique and foreign key constraints with name None."""

import warnings

from alembic.autogenerate import produce_migrations, render_python_code
from alembic.operations import Operations
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Column, ForeignKey, Integer, MetaData, String, Table, inspect

from verifiers import Lab, run_alone

# What the database holds today.
deployed = MetaData()
Table("parent", deployed, Column("id", Integer, primary_key=True))
Table("child", deployed, Column("id", Integer, primary_key=True))

CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
}


def edited_models(metadata: MetaData) -> MetaData:
    """The models after the edit: child gains a unique, a foreign key and an indexed column."""
    Table("parent", metadata, Column("id", Integer, primary_key=True))
    Table(
        "child",
        metadata,
        Column("id", Integer, primary_key=True),
        Column("email", String(50), unique=True),
        Column("pid", ForeignKey("parent.id")),
        Column("code", String(10), index=True),
    )
    return metadata


def autogenerate(lab: Lab, target: MetaData) -> tuple[list[str], list[str], list[str]]:
    """The rendered upgrade() and downgrade() lines, and the warnings autogenerate issued."""
    with lab.engine.connect() as connection, warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        script = produce_migrations(MigrationContext.configure(connection), target)
        upgrade = render_python_code(script.upgrade_ops)
        downgrade = render_python_code(script.downgrade_ops)
    return lines_of(upgrade), lines_of(downgrade), [f"{w.category.__name__}: {w.message}" for w in caught]


def lines_of(code: str) -> list[str]:
    """The rendered lines, stripped, without Alembic's '### commands auto generated' banners."""
    return [line.strip() for line in code.splitlines() if line.strip() and "###" not in line]


def comment_above(lines: list[str], line: str) -> str:
    """The comment block immediately above ``line``, joined into one string."""
    end = lines.index(line)
    start = end
    while start > 0 and lines[start - 1].startswith("#"):
        start -= 1
    return " ".join(lines[start:end])


def about_names(lines: list[str]) -> list[str]:
    """Only the lines about constraints and indexes (and their warning comments), for the facts."""
    return [line for line in lines if "constraint" in line or "foreign_key" in line or "index" in line]


def run_unnamed_drop(lab: Lab) -> tuple[str | None, int]:
    """Build child as the upgrade leaves it, then run the rendered `op.drop_constraint(None, 'child', type_='unique')`:
    what it raised, and how many unique constraints child has afterwards."""
    deployed.tables["child"].drop(lab.engine)
    edited_models(MetaData()).tables["child"].create(lab.engine)
    raised = None
    with lab.engine.begin() as connection:
        try:
            Operations(MigrationContext.configure(connection)).drop_constraint(None, "child", type_="unique")
        except Exception as error:  # which error the unnamed drop ends in is what the option asks
            raised = f"{type(error).__name__}: {str(error).strip()[:200]}"
    return raised, len(inspect(lab.engine).get_unique_constraints("child"))


def prove(lab: Lab) -> dict[str, bool]:
    deployed.create_all(lab.engine)

    upgrade, downgrade, warned = autogenerate(lab, edited_models(MetaData()))
    lab.fact("upgrade() without a naming convention", about_names(upgrade))
    lab.fact("downgrade() without a naming convention", about_names(downgrade))
    lab.fact("warnings autogenerate issued", warned)

    named_upgrade, named_downgrade, _ = autogenerate(lab, edited_models(MetaData(naming_convention=CONVENTION)))
    lab.fact("upgrade() with the naming convention", about_names(named_upgrade))
    lab.fact("downgrade() with the naming convention", about_names(named_downgrade))

    drop_error, unique_left = run_unnamed_drop(lab)
    lab.fact("running op.drop_constraint(None, 'child', type_='unique')", drop_error)
    lab.fact("unique constraints left on child", unique_left)
    # The text names the class on SQLite and PostgreSQL; MariaDB's compiler fails differently across releases
    # (AssertionError on 2.0.58 and 2.1, TypeError on 2.0.30), so there only the failure itself is claimed.
    named_in_why = {"sqlite": "NotImplementedError", "postgresql": "CompileError"}.get(lab.backend)
    lab.fact("the unnamed drop raised the class the text names for this backend",
             drop_error is not None and (named_in_why is None or drop_error.split(":")[0] == named_in_why))
    lab.fact("the index is rendered with op.f('ix_child_code')",
             any(line.startswith("op.create_index(op.f('ix_child_code')") for line in upgrade))

    unnamed_drop = "op.drop_constraint(None, 'child', type_='unique')"
    return {
        "A": "op.create_unique_constraint(None, 'child', ['email'])" in upgrade
        and "op.create_foreign_key(None, 'child', 'parent', ['pid'], ['id'])" in upgrade,
        "B": any(line.startswith("op.create_index(None") for line in upgrade),
        "C": unnamed_drop in downgrade
        and comment_above(downgrade, unnamed_drop).startswith("# WARNING: constraint name is None")
        and any(w.startswith("UserWarning") and "unnamed constraint" in w for w in warned),
        "D": drop_error is None and unique_left == 0,
        "E": "op.create_unique_constraint(op.f('uq_child_email'), 'child', ['email'])" in named_upgrade
        and "op.create_foreign_key(op.f('fk_child_pid_parent'), 'child', 'parent', ['pid'], ['id'])" in named_upgrade
        and "op.drop_constraint(op.f('uq_child_email'), 'child', type_='unique')" in named_downgrade
        and "op.drop_constraint(op.f('fk_child_pid_parent'), 'child', type_='foreignkey')" in named_downgrade,
    }


if __name__ == "__main__":
    run_alone(__file__)

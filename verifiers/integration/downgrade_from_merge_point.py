"""From a merge revision, relative downgrades are refused; downgrading to one parent reverses only the merge."""

from alembic import command
from sqlalchemy import column, inspect, select, table

from verifiers import Lab, Revision, alembic_project, run_alone

# c3 and d4 both follow a1; m5 merges them and changes nothing itself.
REVISIONS = {
    "a1": Revision.creating(None, "t_base"),
    "c3": Revision.creating("a1", "t_c"),
    "d4": Revision.creating("a1", "t_d"),
    "m5": Revision(("c3", "d4")),
}


def versions(lab: Lab) -> list[str]:
    """The rows of alembic_version, as another connection reads them."""
    with lab.other_connection() as other:
        return sorted(other.scalars(select(column("version_num")).select_from(table("alembic_version"))))


def outcome(action) -> str | None:
    """None if ``action()`` succeeded, else the error's class and first line."""
    try:
        action()
    except Exception as error:  # the question is which commands Alembic refuses
        return f"{type(error).__name__}: {str(error).strip().splitlines()[0]}"
    return None


def prove(lab: Lab) -> dict[str, bool]:
    with alembic_project(lab.engine, REVISIONS) as config:
        command.upgrade(config, "heads")
        at_merge = lab.fact("alembic_version after `upgrade heads`", versions(lab))

        minus_one = lab.fact("`downgrade -1`", outcome(lambda: command.downgrade(config, "-1")))
        after_minus_one = lab.fact("alembic_version after `downgrade -1`", versions(lab))
        named_minus_one = lab.fact("`downgrade m5-1`", outcome(lambda: command.downgrade(config, "m5-1")))
        after_named = lab.fact("alembic_version after `downgrade m5-1`", versions(lab))
        lab.fact("both relative downgrades raised CommandError: Ambiguous walk",
                 [str(o or "").startswith("CommandError: Ambiguous walk") for o in (minus_one, named_minus_one)])

        with lab.capture() as downgrading:
            to_c3 = lab.fact("`downgrade c3`", outcome(lambda: command.downgrade(config, "c3")))
        after_c3 = lab.fact("alembic_version after `downgrade c3`", versions(lab))
        lab.fact("DROP TABLE statements `downgrade c3` sent", len(downgrading.of_kind("DROP TABLE")))
        tables = lab.fact("tables after `downgrade c3`", sorted(inspect(lab.engine).get_table_names()))

    return {
        "A": minus_one is None and after_minus_one == ["c3"],
        "B": minus_one is not None and after_minus_one == at_merge == ["m5"],
        "C": named_minus_one is None and after_named != at_merge,
        "D": to_c3 is None and after_c3 == ["c3", "d4"] and "t_d" in tables,
        "E": "t_d" not in tables,
    }


if __name__ == "__main__":
    run_alone(__file__)

"""Two heads: `upgrade head` is refused, `upgrade heads` records both, and a merge revision joins them again."""

from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import column, inspect, select, table

from verifiers import Lab, Revision, alembic_project, run_alone

# c3 and d4 both follow a1: two heads.
REVISIONS = {
    "a1": Revision.creating(None, "t_base"),
    "c3": Revision.creating("a1", "t_c"),
    "d4": Revision.creating("a1", "t_d"),
}


def tables(lab: Lab) -> list[str]:
    return sorted(inspect(lab.engine).get_table_names())


def versions(lab: Lab) -> list[str]:
    """The rows of alembic_version, as another connection reads them ([] when the table is absent)."""
    if "alembic_version" not in tables(lab):
        return []
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

        with lab.capture() as refused_sql:
            to_head = lab.fact("`upgrade head`", outcome(lambda: command.upgrade(config, "head")))
        after_head = lab.fact("tables after `upgrade head`", tables(lab))
        created = lab.fact("tables `upgrade head` created", [s.sql.split()[2] for s in refused_sql.of_kind("CREATE TABLE")])

        to_heads = lab.fact("`upgrade heads`", outcome(lambda: command.upgrade(config, "heads")))
        after_heads = lab.fact("tables after `upgrade heads`", tables(lab))
        versions_after_heads = lab.fact("alembic_version after `upgrade heads`", versions(lab))

        merged = command.merge(config, "heads", message="merge branches", rev_id="m5")
        merge_parents = lab.fact("down_revision of the revision `merge heads` wrote", merged.down_revision)
        parents_of = {rev: ScriptDirectory.from_config(config).get_revision(rev).down_revision for rev in ("c3", "d4")}
        lab.fact("down_revision of c3 and d4 after the merge", parents_of)

        to_merged = lab.fact("`upgrade head` after the merge", outcome(lambda: command.upgrade(config, "head")))
        versions_after_merge = lab.fact("alembic_version after the merge and `upgrade head`", versions(lab))

    return {
        "A": to_head is None and "t_base" in after_head,
        "B": to_head is not None
        and "Multiple head" in to_head
        and not {"t_base", "t_c", "t_d"} & set(after_head)
        and not {"t_base", "t_c", "t_d"} & set(created),
        "C": to_heads is None and {"t_base", "t_c", "t_d"} <= set(after_heads) and versions_after_heads == ["c3", "d4"],
        "D": len(versions_after_heads) == 1,
        "E": sorted(merge_parents) == ["c3", "d4"] and to_merged is None and versions_after_merge == ["m5"],
        "F": parents_of != {"c3": "a1", "d4": "a1"},
    }


if __name__ == "__main__":
    run_alone(__file__)

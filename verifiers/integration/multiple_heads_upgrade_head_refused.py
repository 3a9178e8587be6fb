"""Two heads: `upgrade head` is refused, `upgrade heads` records both, and a merge revision joins them again."""

from pathlib import Path

from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import column, inspect, select, table

from verifiers import Lab, Revision, StatementList, alembic_project, run_alone

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


def version_writes(sql: StatementList) -> list[list[object]]:
    """The writes to alembic_version: each statement's kind and the revisions it names."""
    return [
        [s.kind, [rev for rev in ("a1", "c3", "d4", "m5") if s.mentions(rev)]]
        for s in sql.of_kind("INSERT", "UPDATE", "DELETE")
        if s.mentions("alembic_version")
    ]


def prove(lab: Lab) -> dict[str, bool]:
    with alembic_project(lab.engine, REVISIONS) as config:
        script = ScriptDirectory.from_config(config)
        branch_files = {rev: Path(script.get_revision(rev).path).read_text() for rev in ("c3", "d4")}

        with lab.capture() as refused_sql:
            to_head = lab.attempt("`upgrade head`", lambda: command.upgrade(config, "head"))
        lab.fact("`upgrade head`: the error class", to_head.error_class)
        after_head = lab.fact("tables after `upgrade head`", tables(lab))
        created = lab.fact(
            "tables `upgrade head` created",
            [name for name in ("alembic_version", "t_base", "t_c", "t_d")
             if any(s.mentions(name) for s in refused_sql.of_kind("CREATE TABLE"))],
        )
        # SQLite and MariaDB commit DDL at once; PostgreSQL rolls the CREATE TABLE back with the refused run.
        expected_left = [] if lab.backend == "postgresql" else ["alembic_version"]
        lab.fact(
            "`upgrade head` left what the text says for this backend (an empty alembic_version on SQLite and MariaDB)",
            after_head == expected_left and versions(lab) == [],
        )

        to_heads = lab.attempt("`upgrade heads`", lambda: command.upgrade(config, "heads"))
        after_heads = lab.fact("tables after `upgrade heads`", tables(lab))
        versions_after_heads = lab.fact("alembic_version after `upgrade heads`", versions(lab))

        merged = command.merge(config, "heads", message="merge branches", rev_id="m5")
        merge_parents = lab.fact("down_revision of the revision `merge heads` wrote", merged.down_revision)
        parents_of = {rev: ScriptDirectory.from_config(config).get_revision(rev).down_revision for rev in ("c3", "d4")}
        lab.fact("down_revision of c3 and d4 after the merge", parents_of)
        lab.fact(
            "the files of c3 and d4 are unchanged by the merge",
            all(Path(script.get_revision(rev).path).read_text() == text for rev, text in branch_files.items()),
        )

        with lab.capture() as merging_sql:
            to_merged = lab.attempt("`upgrade head` after the merge", lambda: command.upgrade(config, "head"))
        lab.fact("`upgrade head` to m5: DDL sent", merging_sql.count("CREATE TABLE") + merging_sql.count("DROP TABLE"))
        lab.fact("`upgrade head` to m5: writes to alembic_version (kind, revisions named)", version_writes(merging_sql))
        versions_after_merge = lab.fact("alembic_version after the merge and `upgrade head`", versions(lab))

    return {
        "A": to_head.ok and "t_base" in after_head,
        "B": not to_head.ok
        and "Multiple head" in to_head.message
        and not {"t_base", "t_c", "t_d"} & set(after_head)
        and not {"t_base", "t_c", "t_d"} & set(created),
        "C": to_heads.ok and {"t_base", "t_c", "t_d"} <= set(after_heads) and versions_after_heads == ["c3", "d4"],
        "D": len(versions_after_heads) == 1,
        "E": sorted(merge_parents) == ["c3", "d4"] and to_merged.ok and versions_after_merge == ["m5"],
        "F": parents_of != {"c3": "a1", "d4": "a1"},
    }


if __name__ == "__main__":
    run_alone(__file__)

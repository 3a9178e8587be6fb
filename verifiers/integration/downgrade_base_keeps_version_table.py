"""`downgrade -1` reverses one revision; `downgrade base` reverses the rest, newest first, and empties alembic_version without dropping it."""

from alembic import command
from sqlalchemy import column, inspect, select, table

from verifiers import Lab, Revision, alembic_project, run_alone

# Each revision creates one table in its upgrade and drops it in its downgrade.
CREATES = {"a1": "t_a", "b2": "t_b", "c3": "t_c"}
REVISIONS = {
    "a1": Revision.creating(None, "t_a"),
    "b2": Revision.creating("a1", "t_b"),
    "c3": Revision.creating("b2", "t_c"),
}


def tables(lab: Lab) -> list[str]:
    return sorted(inspect(lab.engine).get_table_names())


def versions(lab: Lab) -> list[str] | None:
    """The rows of alembic_version as another connection reads them; None if the table is gone."""
    if "alembic_version" not in tables(lab):
        return None
    with lab.other_connection() as other:
        return sorted(other.scalars(select(column("version_num")).select_from(table("alembic_version"))))


def dropped(capture) -> list[str]:
    """The tables the captured DROP TABLE statements name, in the order sent."""
    names = [*CREATES.values(), "alembic_version"]
    return [name for statement in capture.of_kind("DROP TABLE") for name in names if statement.mentions(name)]


def prove(lab: Lab) -> dict[str, bool]:
    with alembic_project(lab.engine, REVISIONS) as config:
        command.upgrade(config, "head")
        lab.fact("alembic_version after `upgrade head`", versions(lab))

        with lab.capture() as stepping_back:
            command.downgrade(config, "-1")
        one_back = lab.fact("tables `downgrade -1` dropped", dropped(stepping_back))
        after_one = lab.fact("alembic_version after `downgrade -1`", versions(lab))

        with lab.capture() as to_base:
            command.downgrade(config, "base")
        at_base = lab.fact("tables `downgrade base` dropped, in order", dropped(to_base))
        after_base = lab.fact("alembic_version after `downgrade base` (None: no such table)", versions(lab))
        left = lab.fact("tables left after `downgrade base`", tables(lab))

    return {
        "A": one_back == ["t_c"] and after_one == ["b2"],
        "B": after_base is None and "alembic_version" not in left,
        "C": after_base == [] and left == ["alembic_version"],
        "D": after_base == ["base"],
        "E": at_base == ["t_a", "t_b"],
    }


if __name__ == "__main__":
    run_alone(__file__)

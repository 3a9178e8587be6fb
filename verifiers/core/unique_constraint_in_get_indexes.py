"""A UNIQUE constraint as the Inspector reports it: get_unique_constraints() and get_indexes() per backend."""

from sqlalchemy import Column, Integer, MetaData, String, Table, inspect

from verifiers import Lab, run_alone

defined = MetaData()
Table("parent", defined, Column("id", Integer, primary_key=True), Column("code", String(10), unique=True))


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        defined.create_all(lab.engine)

    with lab.capture():
        inspector = inspect(lab.engine)
        uniques = lab.fact("get_unique_constraints('parent')",
                           [(u["name"], u["column_names"]) for u in inspector.get_unique_constraints("parent")])
        indexes = inspector.get_indexes("parent")
    lab.fact("get_indexes('parent')", [(i["name"], i["column_names"], i.get("unique"), i.get("duplicates_constraint"))
                                       for i in indexes])
    code_index = next((i for i in indexes if i["column_names"] == ["code"]), None)
    index_listed = code_index is not None and bool(code_index.get("unique"))
    marks_duplicate = code_index is not None and code_index.get("duplicates_constraint") == "parent_code_key"

    # Each option speaks of every backend; a run decides the part about the backend it runs on.
    constraint_name = {"postgresql": "parent_code_key", "mariadb": "code", "sqlite": None}[lab.backend]
    if lab.backend == "postgresql":
        b = index_listed and marks_duplicate
        c = not index_listed
        d = not uniques
    elif lab.backend == "mariadb":
        b = index_listed
        c = not index_listed
        d = code_index is not None and "duplicates_constraint" in code_index
    else:
        b = not index_listed
        c = index_listed
        d = bool(uniques) and uniques[0][0] == "code"
    return {
        "A": uniques == [(constraint_name, ["code"])],
        "B": b,
        "C": c,
        "D": d,
    }


if __name__ == "__main__":
    run_alone(__file__)

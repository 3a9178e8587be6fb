"""column() quotes a name that needs quoting; literal_column() pastes its text into the SQL as it is."""

from sqlalchemy import Column, Integer, MetaData, Select, String, Table, column, inspect, literal_column, select
from sqlalchemy.engine import Compiled

from verifiers import Lab, run_alone

HOSTILE = "name FROM person; DROP TABLE person; --"

metadata = MetaData()
person = Table("person", metadata, Column("id", Integer, primary_key=True), Column("name", String(30)))


def compiled(lab: Lab, query: Select) -> Compiled:
    """The query compiled for this backend's dialect, as the stem does."""
    return query.compile(dialect=lab.engine.dialect)


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        metadata.create_all(lab.engine)
        with lab.engine.begin() as conn:
            conn.execute(person.insert(), {"id": 1, "name": "ada"})

    q1 = select(column(HOSTILE)).select_from(person)
    q2 = select(literal_column(HOSTILE)).select_from(person)
    as_column = str(compiled(lab, q1))
    as_literal = str(compiled(lab, q2))
    quote = lab.engine.dialect.identifier_preparer.initial_quote
    lab.fact("column(...) compiled", as_column)
    lab.fact("literal_column(...) compiled", as_literal)
    literal_params = compiled(lab, q2).params
    lab.fact("parameters bound by q1, q2", [compiled(lab, q1).params, literal_params])
    lab.fact(
        "column('name'), column('Name'): rendered quoted",
        [quote in str(compiled(lab, select(column(name)).select_from(person))) for name in ("name", "Name")],
    )

    with lab.capture(), lab.engine.connect() as conn:
        running_q1 = lab.attempt("executing q1", lambda: conn.execute(q1).all())
    # PostgreSQL and MariaDB: an unknown column, named by the whole string; SQLite: the string itself, as a value.
    lab.fact(
        "executing q1: the whole string is one unknown column (SQLite: one string value)",
        running_q1.value == [(HOSTILE,)] if lab.backend == "sqlite" else HOSTILE in running_q1.message,
    )
    with lab.engine.connect() as conn:
        lab.fact("tables after executing q1", inspect(conn).get_table_names())
    lab.fact("person.c[wanted]: the error raised", lab.attempt("person.c[wanted]", lambda: person.c[HOSTILE]).error_class)

    return {
        "A": f"{quote}{HOSTILE}{quote}" in as_column and as_literal.startswith(f"SELECT {HOSTILE} \nFROM person"),
        "B": f"{quote}{HOSTILE}{quote}" in as_literal,
        "C": f"SELECT {HOSTILE}" in as_column,
        "D": bool(literal_params),
    }


if __name__ == "__main__":
    run_alone(__file__)

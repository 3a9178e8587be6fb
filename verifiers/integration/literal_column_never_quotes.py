"""column() quotes a name that needs quoting; literal_column() pastes its text into the SQL as it is."""

from sqlalchemy import Column, Integer, MetaData, String, Table, column, literal_column, select

from verifiers import Lab, run_alone

HOSTILE = "name FROM person; DROP TABLE person; --"

metadata = MetaData()
person = Table("person", metadata, Column("id", Integer, primary_key=True), Column("name", String(30)))


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        metadata.create_all(lab.engine)

    as_column = str(select(column(HOSTILE)).select_from(person).compile(dialect=lab.engine.dialect))
    as_literal = str(select(literal_column(HOSTILE)).select_from(person).compile(dialect=lab.engine.dialect))
    quote = lab.engine.dialect.identifier_preparer.initial_quote
    lab.fact("column(...) compiled", as_column)
    lab.fact("literal_column(...) compiled", as_literal)

    return {
        "A": f"{quote}{HOSTILE}{quote}" in as_column and as_literal.startswith(f"SELECT {HOSTILE} \nFROM person"),
        "B": f"{quote}{HOSTILE}{quote}" in as_literal,
        "C": f"SELECT {HOSTILE}" in as_column,
        "D": ":" in as_literal.split("FROM")[0] or "%(" in as_literal or "?" in as_literal.split("FROM")[0],
    }


if __name__ == "__main__":
    run_alone(__file__)

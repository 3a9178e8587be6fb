"""`/` between integer expressions is true division in SQLAlchemy 2.x on every backend; `//` is floor division."""

from decimal import Decimal

from sqlalchemy import Column, Integer, MetaData, Table, insert, select, text

from verifiers import Lab, run_alone

metadata = MetaData()
measure = Table("measure", metadata, Column("id", Integer, primary_key=True), Column("x", Integer))


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        metadata.create_all(lab.engine)
        with lab.engine.begin() as conn:
            conn.execute(insert(measure).values(id=1, x=5))

    with lab.capture() as sent, lab.engine.connect() as conn:
        true_div = lab.fact("select(measure.c.x / 2)", conn.scalar(select(measure.c.x / 2)))
        floor_div = lab.fact("select(measure.c.x // 2)", conn.scalar(select(measure.c.x // 2)))
        raw_div = lab.fact('text("SELECT x / 2 FROM measure")', conn.scalar(text("SELECT x / 2 FROM measure")))
    division = sent.of_kind("SELECT")[0]
    lab.fact("the expression's SQL", division.sql)
    forms = {"postgresql": division.mentions("CAST") and division.mentions("NUMERIC"),
             "sqlite": "+ 0.0" in division.sql,
             "mariadb": not division.mentions("CAST") and "+ 0.0" not in division.sql}
    lab.fact("the division is compiled as the text says for this backend", forms[lab.backend])

    expected_raw = Decimal("2.5") if lab.backend == "mariadb" else 2
    return {
        "A": isinstance(true_div, float),
        "B": floor_div == 2,
        # spoken of every backend: 2 on PostgreSQL and SQLite, 2.5 on MariaDB
        "C": raw_div == expected_raw,
        "D": isinstance(true_div, Decimal) and true_div == Decimal("2.5"),
    }


if __name__ == "__main__":
    run_alone(__file__)

"""An Inspector caches what it has reflected: a table created later is missing until clear_cache() or a new inspect(engine)."""

from sqlalchemy import Column, Integer, MetaData, String, Table, inspect

from verifiers import Lab, run_alone

metadata = MetaData()

Table("customer", metadata, Column("id", Integer, primary_key=True), Column("name", String(50)))

later = MetaData()  # created by "another part of the application", after the first look

invoice = Table("invoice", later, Column("id", Integer, primary_key=True))


def prove(lab: Lab) -> dict[str, bool]:
    metadata.create_all(lab.engine)

    insp = inspect(lab.engine)
    first = lab.fact("(1) insp.get_table_names()", insp.get_table_names())

    with lab.engine.begin() as conn:
        invoice.create(conn)

    with lab.capture() as second_sql:
        second = lab.fact("(2) insp.get_table_names() after CREATE TABLE invoice", insp.get_table_names())
    second_queries = lab.fact("(2) statements sent", second_sql.queries.kinds())

    fresh = inspect(lab.engine)
    shared = lab.fact("inspect(engine) returned the same Inspector again", fresh is insp)
    third = lab.fact("(3) inspect(engine).get_table_names()", fresh.get_table_names())

    insp.clear_cache()
    with lab.capture() as fourth_sql:
        fourth = lab.fact("(4) insp.get_table_names() after insp.clear_cache()", insp.get_table_names())
    lab.fact("(4) statements sent", fourth_sql.queries.kinds())

    return {
        "A": "invoice" in second,
        "B": first == ["customer"] and second == first and not second_queries,
        "C": "invoice" in third and not shared,
        "D": shared,
        "E": "invoice" in fourth and len(fourth_sql.queries) > 0,
    }


if __name__ == "__main__":
    run_alone(__file__)

"""insert().values([...]) is one multi-row statement; a list passed to execute() is an executemany."""

from sqlalchemy import Column, Integer, MetaData, String, Table, exc, insert, select

from verifiers import Lab, run_alone

metadata = MetaData()
tag = Table("tag", metadata, Column("id", Integer, primary_key=True), Column("name", String(30)),
            Column("color", String(10)))


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        metadata.create_all(lab.engine)

    with lab.engine.begin() as conn:
        with lab.capture() as multi:
            conn.execute(insert(tag).values([{"id": 1, "name": "a"}, {"id": 2, "name": "b"}]))
        with lab.capture() as many:
            conn.execute(insert(tag), [{"id": 3, "name": "c"}, {"id": 4, "name": "d"}])
        later_wider = lab.attempt("values(): the second row has a key the first lacks",
                                  lambda: conn.execute(insert(tag).values([{"id": 5, "name": "e"},
                                                                           {"id": 6, "name": "f", "color": "red"}])))
        row_6_color = lab.fact("color stored for id 6", conn.scalar(select(tag.c.color).where(tag.c.id == 6)))
    with lab.engine.begin() as conn:
        first_wider = lab.attempt("values(): the first row has a key the second lacks",
                                  lambda: conn.execute(insert(tag).values([{"id": 7, "name": "g", "color": "red"},
                                                                           {"id": 8, "name": "h"}])))

    [multi_insert] = multi.of_kind("INSERT")
    [many_insert] = many.of_kind("INSERT")
    lab.fact("values([...]): statements, executemany, bound values",
             (len(multi.of_kind("INSERT")), multi_insert.executemany, multi_insert.values))
    lab.fact("execute(stmt, [...]): statements, executemany, rows of values",
             (len(many.of_kind("INSERT")), many_insert.executemany, many_insert.values))

    return {
        "A": multi_insert.executemany == many_insert.executemany and multi_insert.values == many_insert.values,
        "B": len(many.of_kind("INSERT")) == 1 and many_insert.executemany
             and many_insert.values == [[3, "c"], [4, "d"]],
        "C": len(multi.of_kind("INSERT")) == 1 and not multi_insert.executemany
             and multi_insert.values == [1, "a", 2, "b"],
        "D": later_wider.ok and row_6_color == "red",
        "E": first_wider.raised(exc.CompileError),
    }


if __name__ == "__main__":
    run_alone(__file__)

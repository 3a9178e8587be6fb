"""bindparam() names that equal column names collide with the parameters of the SET clause."""

from sqlalchemy import Column, Integer, MetaData, Table, bindparam, exc, insert, select, update

from verifiers import Lab, run_alone

metadata = MetaData()
item = Table("item", metadata, Column("id", Integer, primary_key=True), Column("qty", Integer))


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        metadata.create_all(lab.engine)
        with lab.engine.begin() as conn:
            conn.execute(insert(item), [{"id": 1, "qty": 1}, {"id": 2, "qty": 2}])

    built = lab.attempt("building the UPDATE",
                        lambda: update(item).where(item.c.id == bindparam("id")).values(qty=bindparam("qty")))
    with lab.capture() as sent:
        with lab.engine.begin() as conn:
            ran = lab.attempt("executing it with two parameter sets",
                              lambda: conn.execute(built.value, [{"id": 1, "qty": 10}, {"id": 2, "qty": 20}]))
    lab.fact("UPDATE statements sent by that attempt", sent.count("UPDATE"))
    with lab.engine.connect() as conn:
        after = lab.fact("qty by id after it", conn.execute(select(item.c.id, item.c.qty).order_by(item.c.id)).all())

    renamed = update(item).where(item.c.id == bindparam("b_id")).values(qty=bindparam("b_qty"))
    with lab.capture() as fixed:
        with lab.engine.begin() as conn:
            conn.execute(renamed, [{"b_id": 1, "b_qty": 10}, {"b_id": 2, "b_qty": 20}])
    [fixed_update] = fixed.of_kind("UPDATE")
    lab.fact("renamed: executemany", fixed_update.executemany)
    with lab.engine.connect() as conn:
        fixed_rows = lab.fact("qty by id after the renamed UPDATE",
                              conn.execute(select(item.c.id, item.c.qty).order_by(item.c.id)).all())

    # Only the WHERE parameter renamed: `qty=bindparam("qty")` is the SET value itself, so nothing clashes.
    only_where = update(item).where(item.c.id == bindparam("b_id")).values(qty=bindparam("qty"))
    with lab.engine.begin() as conn:
        conn.execute(only_where, [{"b_id": 1, "qty": 30}, {"b_id": 2, "qty": 40}])
    with lab.engine.connect() as conn:
        lab.fact("qty by id after renaming only the WHERE parameter",
                 [tuple(row) for row in conn.execute(select(item.c.id, item.c.qty).order_by(item.c.id))])

    return {
        "A": ran.raised(exc.CompileError, match="reserved") and fixed_update.executemany
             and [tuple(r) for r in fixed_rows] == [(1, 10), (2, 20)],
        "B": ran.ok and [tuple(r) for r in after] == [(1, 10), (2, 20)],
        "C": ran.ok and [tuple(r) for r in after] == [(1, 10), (2, 10)],
        "D": built.raised(exc.ArgumentError),
        "E": ran.ok and sent.count("UPDATE") == 2,
    }


if __name__ == "__main__":
    run_alone(__file__)

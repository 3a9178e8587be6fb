"""order_by("...") resolves a plain string to a column or label, and refuses anything else; text() does not."""

from sqlalchemy import Column, Integer, MetaData, String, Table, exc, insert, select, text

from verifiers import Lab, run_alone

metadata = MetaData()
account = Table("account", metadata, Column("id", Integer, primary_key=True), Column("name", String(30)))


def compiled_order_by(lab: Lab, order) -> str:
    statement = select(account.c.id, account.c.name.label("nm")).order_by(order)
    return str(statement.compile(dialect=lab.engine.dialect)).split("ORDER BY", 1)[1].strip()


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        metadata.create_all(lab.engine)
        with lab.engine.begin() as conn:
            conn.execute(insert(account), [{"id": 1, "name": "bo"}, {"id": 2, "name": "al"}])

    by_column = lab.attempt('order_by("name")', lambda: compiled_order_by(lab, "name"))
    by_label = lab.attempt('order_by("nm")', lambda: compiled_order_by(lab, "nm"))
    with_desc = lab.attempt('order_by("name DESC")', lambda: compiled_order_by(lab, "name DESC"))
    hostile = lab.attempt('order_by("name; DROP TABLE account")',
                          lambda: compiled_order_by(lab, "name; DROP TABLE account"))
    wrapped = lab.attempt('order_by(text("name; DROP TABLE account"))',
                          lambda: compiled_order_by(lab, text("name; DROP TABLE account")))
    with lab.capture(), lab.engine.connect() as conn:
        ordered = lab.fact('ids in order_by("name") order',
                           conn.scalars(select(account.c.id).order_by("name")).all())

    return {
        "A": with_desc.ok,
        "B": hostile.ok and "DROP TABLE" in hostile.value,
        "C": wrapped.ok and wrapped.value == "name; DROP TABLE account",
        "D": by_column.ok and by_column.value.endswith("name") and by_label.ok and by_label.value == "nm"
             and with_desc.raised(exc.CompileError) and hostile.raised(exc.CompileError),
        "E": ordered == [1, 2],
    }


if __name__ == "__main__":
    run_alone(__file__)

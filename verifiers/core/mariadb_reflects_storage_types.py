"""On MariaDB, Boolean is stored as TINYINT(1) and JSON as LONGTEXT: reflection gives back those types."""

from sqlalchemy import JSON, Boolean, Column, Integer, MetaData, Table, inspect, insert, select, text
from sqlalchemy.dialects.mysql import LONGTEXT, TINYINT

from verifiers import Lab, run_alone

defined = MetaData()
setting = Table("setting", defined, Column("id", Integer, primary_key=True), Column("flag", Boolean),
                Column("doc", JSON))


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        defined.create_all(lab.engine)
        with lab.engine.begin() as conn:
            conn.execute(insert(setting).values(id=1, flag=True, doc={"a": 1}))

    with lab.capture():
        types = {c["name"]: c["type"] for c in inspect(lab.engine).get_columns("setting")}
        reflected = Table("setting", MetaData(), autoload_with=lab.engine)
        with lab.engine.connect() as conn:
            flag, doc = conn.execute(select(reflected.c.flag, reflected.c.doc)).one()
        with lab.engine.connect() as conn:
            show = conn.execute(text("SHOW CREATE TABLE setting")).one()[1]
        overridden = Table("setting", MetaData(), Column("doc", JSON), autoload_with=lab.engine)
        with lab.engine.connect() as conn:
            lab.fact("doc read through a reflected Table that overrides it with JSON",
                     conn.scalar(select(overridden.c.doc)))
    lab.fact("reflected types", {name: repr(t) for name, t in types.items()})
    lab.fact("flag and doc read through the reflected Table", (repr(flag), repr(doc)))
    lab.fact("SHOW CREATE TABLE checks doc with json_valid", "json_valid" in show)

    return {
        "A": isinstance(types["flag"], TINYINT) and types["flag"].display_width == 1
             and isinstance(types["doc"], LONGTEXT),
        "B": isinstance(types["flag"], Boolean) and isinstance(types["doc"], JSON),
        "C": flag == 1 and not isinstance(flag, bool) and isinstance(doc, str),
        "D": flag is True and doc == {"a": 1},
    }


if __name__ == "__main__":
    run_alone(__file__)

"""Reflecting one table also reflects the tables its foreign keys point to (resolve_fks=True by default)."""

from sqlalchemy import Column, ForeignKey, Integer, MetaData, String, Table

from verifiers import Lab, run_alone

defined = MetaData()
Table("parent", defined, Column("id", Integer, primary_key=True), Column("name", String(30)))
Table("child", defined, Column("id", Integer, primary_key=True), Column("parent_id", ForeignKey("parent.id")))
Table("unrelated", defined, Column("id", Integer, primary_key=True))


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        defined.create_all(lab.engine)

    with lab.capture():
        reflected = MetaData()
        child = lab.attempt("Table('child', reflected, autoload_with=engine)",
                            lambda: Table("child", reflected, autoload_with=lab.engine))
    tables = lab.fact("tables in the reflected MetaData", sorted(reflected.tables))
    targets = lab.fact("what child's foreign keys point to",
                       sorted(fk.target_fullname.split(".")[-2] + "." + fk.column.name
                              for fk in child.value.foreign_keys) if child.ok else None)

    alone = MetaData()
    Table("child", alone, autoload_with=lab.engine, resolve_fks=False)
    lab.fact("tables with resolve_fks=False", sorted(alone.tables))
    lab.fact("child's foreign key targets with resolve_fks=False",
             sorted(fk.target_fullname for fk in alone.tables["child"].foreign_keys))

    return {
        "A": tables == ["child"],
        "B": tables == ["child", "parent"] and targets == ["parent.id"],
        "C": child.ok and not child.value.foreign_keys,
        "D": tables == ["child", "parent", "unrelated"],
    }


if __name__ == "__main__":
    run_alone(__file__)

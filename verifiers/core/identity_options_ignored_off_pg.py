"""Identity(start=100, always=True) where the database has no identity columns: a plain auto-increment."""

from sqlalchemy import Column, Identity, Integer, MetaData, String, Table, exc, insert, select

from verifiers import Lab, run_alone

metadata = MetaData()
purchase = Table(
    "purchase", metadata,
    Column("id", Integer, Identity(start=100, always=True), primary_key=True),
    Column("item", String(50)),
)


def prove(lab: Lab) -> dict[str, bool]:
    with lab.capture() as ddl:
        created = lab.attempt("create_all", lambda: metadata.create_all(lab.engine))
    creates = ddl.of_kind("CREATE TABLE")
    lab.fact("the CREATE TABLE mentions IDENTITY or a start value",
             bool(creates) and (creates[0].mentions("IDENTITY") or "100" in creates[0].sql))

    first_id = explicit = None
    if created.ok:
        with lab.engine.begin() as conn:
            first_id = lab.fact("first_id", conn.execute(insert(purchase).values(item="lamp")).inserted_primary_key[0])
        with lab.engine.begin() as conn:
            explicit = lab.attempt("insert with id=7", lambda: conn.execute(insert(purchase).values(id=7, item="desk")))
        with lab.engine.connect() as conn:
            ids = lab.fact("ids stored", conn.scalars(select(purchase.c.id).order_by(purchase.c.id)).all())

    return {
        "A": first_id == 1,
        "B": first_id == 100,
        "C": explicit is not None and explicit.ok and 7 in ids,
        "D": created.raised(exc.CompileError),
        "E": explicit is not None and not explicit.ok,
    }


if __name__ == "__main__":
    run_alone(__file__)

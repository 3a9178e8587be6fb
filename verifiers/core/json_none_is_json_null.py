"""In a JSON column, Python None is stored as the JSON value null, not SQL NULL, unless none_as_null=True."""

from sqlalchemy import JSON, Column, Integer, MetaData, Table, func, insert, null, select

from verifiers import Lab, run_alone

metadata = MetaData()

doc = Table(
    "doc",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("data", JSON),
    Column("extra", JSON(none_as_null=True)),
)

EXPLICIT_NONE, OMITTED, SQL_NULL_CONSTRUCT, JSON_NULL_CONSTANT = 1, 2, 3, 4


def prove(lab: Lab) -> dict[str, bool]:
    metadata.create_all(lab.engine)

    with lab.capture() as inserts, lab.engine.begin() as conn:
        conn.execute(insert(doc).values(id=EXPLICIT_NONE, data=None, extra=None))
        conn.execute(insert(doc).values(id=OMITTED))
        conn.execute(insert(doc).values(id=SQL_NULL_CONSTRUCT, data=null()))
        conn.execute(insert(doc).values(id=JSON_NULL_CONSTANT, data=JSON.NULL))

    lab.fact("parameters of the INSERT for row 1", inserts.of_kind("INSERT")[0].parameters)

    with lab.engine.connect() as conn:
        data_is_null = lab.fact(
            "ids whose data IS NULL in SQL",
            list(conn.scalars(select(doc.c.id).where(doc.c.data.is_(None)).order_by(doc.c.id))),
        )
        extra_is_null = lab.fact(
            "ids whose extra (none_as_null=True) IS NULL in SQL",
            list(conn.scalars(select(doc.c.id).where(doc.c.extra.is_(None)).order_by(doc.c.id))),
        )
        read_back = lab.fact(
            "data as read back through the JSON type, by id",
            {id_: data for id_, data in conn.execute(select(doc.c.id, doc.c.data))},
        )

    # JSON.NULL on the none_as_null=True column, where None would mean SQL NULL.
    with lab.engine.begin() as conn:
        conn.execute(insert(doc).values(id=5, extra=JSON.NULL))
        lab.fact(
            "JSON.NULL in the none_as_null=True column matches extra IS NULL",
            conn.scalar(select(func.count()).select_from(doc).where(doc.c.id == 5, doc.c.extra.is_(None))) == 1,
        )
    lab.fact("rows 1 and 2 read back through the JSON type", [read_back[EXPLICIT_NONE], read_back[OMITTED]])

    return {
        "A": JSON_NULL_CONSTANT in data_is_null,
        "B": OMITTED in data_is_null,
        "C": SQL_NULL_CONSTRUCT not in data_is_null,
        "D": EXPLICIT_NONE not in data_is_null,
        "E": EXPLICIT_NONE in extra_is_null,
        "F": read_back[EXPLICIT_NONE] != read_back[OMITTED],
    }


if __name__ == "__main__":
    run_alone(__file__)

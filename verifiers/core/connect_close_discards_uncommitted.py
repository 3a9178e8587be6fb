"""engine.connect() begins a transaction by itself; what is not committed is rolled back when it closes."""

from sqlalchemy import Column, Integer, MetaData, Table, insert, select

from verifiers import Lab, run_alone

metadata = MetaData()
entry = Table("entry", metadata, Column("x", Integer, primary_key=True, autoincrement=False))


def stored(lab: Lab) -> list[int]:
    with lab.other_connection() as other:
        return other.scalars(select(entry.c.x).order_by(entry.c.x)).all()


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        metadata.create_all(lab.engine)

    with lab.capture() as first:
        with lab.engine.connect() as conn:
            conn.execute(insert(entry).values(x=1))
    after_first = lab.fact("rows after the first block", stored(lab))
    lab.fact("the first block sent", first.kinds())

    with lab.capture():
        with lab.engine.connect() as conn:
            conn.execute(insert(entry).values(x=2))
            conn.commit()
            conn.execute(insert(entry).values(x=3))
    after_second = lab.fact("rows after the second block", stored(lab))

    return {
        "A": after_second == [2, 3],
        "B": after_first == [1],
        "C": after_first == [] and after_second == [2],
        "D": after_first == [] and after_second == [],
    }


if __name__ == "__main__":
    run_alone(__file__)

"""engine.begin() commits when its block ends normally and rolls back, re-raising, when it raises."""

from sqlalchemy import Column, Integer, MetaData, Table, insert, select

from verifiers import Lab, run_alone

metadata = MetaData()
entry = Table("entry", metadata, Column("x", Integer, primary_key=True, autoincrement=False))


class PaymentDeclined(Exception):
    pass


def transfer() -> None:
    raise PaymentDeclined("card refused")


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        metadata.create_all(lab.engine)

    def block() -> None:
        with lab.engine.begin() as conn:
            conn.execute(insert(entry).values(x=1))
            transfer()  # raises

    with lab.capture() as sent:
        outcome = lab.attempt("the engine.begin() block", block)
    lab.fact("statements sent", sent.kinds())
    with lab.other_connection() as other:
        stored = lab.fact("rows stored", other.scalars(select(entry.c.x)).all())

    return {
        "A": outcome.error_class is not None and outcome.error_class != "PaymentDeclined",
        "B": outcome.raised(PaymentDeclined) and stored == [1],
        "C": outcome.ok and stored == [],
        "D": outcome.raised(PaymentDeclined) and stored == [],
    }


if __name__ == "__main__":
    run_alone(__file__)

"""Numeric(10, 2) on SQLite is stored as a binary float: decimal rounding is lost, silently."""

from decimal import Decimal

from sqlalchemy import Column, Integer, MetaData, Numeric, Table, insert, select, text

from verifiers import Lab, run_alone

metadata = MetaData()
price = Table("price", metadata, Column("id", Integer, primary_key=True), Column("amount", Numeric(10, 2)))


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        metadata.create_all(lab.engine)

    with lab.capture():
        with lab.engine.begin() as conn:
            conn.execute(insert(price), [{"id": 1, "amount": Decimal("1.005")},
                                         {"id": 2, "amount": Decimal("12345678.125")}])
        with lab.engine.connect() as conn:
            amounts = lab.fact("amounts read back", conn.scalars(select(price.c.amount).order_by(price.c.id)).all())
            stored_as = (conn.scalar(text("SELECT typeof(amount) FROM price WHERE id = 1"))
                         if lab.backend == "sqlite" else "not SQLite")
            lab.fact("SQLite stores the amount as REAL (checked on SQLite only)", stored_as in ("real", "not SQLite"))

    decimal_rounding = [Decimal("1.01"), Decimal("12345678.13")]
    # Each option speaks of every backend; a run decides the part about the backend it runs on.
    on_sqlite = lab.backend == "sqlite"
    return {
        "A": amounts == ([Decimal("1.00"), Decimal("12345678.12")] if on_sqlite else decimal_rounding),
        "B": amounts == (decimal_rounding if on_sqlite else [Decimal("1.005"), Decimal("12345678.125")]),
        "C": amounts == [Decimal("1.005"), Decimal("12345678.125")],
        "D": all(isinstance(a, float) for a in amounts),
    }


if __name__ == "__main__":
    run_alone(__file__)

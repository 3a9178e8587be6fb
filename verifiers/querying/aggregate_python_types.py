"""The Python type of an aggregate over an integer column depends on the database and driver."""

from decimal import Decimal

from sqlalchemy import Float, cast, func, insert, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Order(Base):
    __tablename__ = "orders"
    id: Mapped[int] = mapped_column(primary_key=True)
    qty: Mapped[int]


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        Base.metadata.create_all(lab.engine)
        with lab.engine.begin() as conn:
            conn.execute(insert(Order), [{"id": 1, "qty": 1}, {"id": 2, "qty": 2}])

    with Session(lab.engine) as session:
        average = session.scalar(select(func.avg(Order.qty)))
        total = session.scalar(select(func.sum(Order.qty)))
        lab.fact("type of cast(func.avg(Order.qty), Float)",
                 type(session.scalar(select(cast(func.avg(Order.qty), Float)))).__name__)
    lab.fact("average * 1.1 raises TypeError exactly where average is a Decimal",
             lab.attempt("average * 1.1", lambda: average * 1.1).raised(TypeError) == isinstance(average, Decimal))
    kinds = lab.fact("types of avg(qty) and sum(qty)", [type(average).__name__, type(total).__name__])
    lab.fact("values", [str(average), str(total)])
    expected = {"sqlite": ["float", "int"], "postgresql": ["Decimal", "int"], "mariadb": ["Decimal", "Decimal"]}

    # Each option states every backend's part; a run decides the part for its own backend.
    return {
        "A": kinds == expected[lab.backend] and average == Decimal("1.5") and total == 3,
        "B": {"sqlite": kinds[0] == "Decimal", "postgresql": kinds[0] == "float",
              "mariadb": kinds[1] == "int"}[lab.backend],
        "C": kinds == ["int", "int"],
        "D": kinds == ["str", "str"] if lab.backend == "sqlite" else kinds == ["float", "int"],
    }


if __name__ == "__main__":
    run_alone(__file__)

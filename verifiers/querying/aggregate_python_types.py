"""The Python type of an aggregate over an integer column depends on the database and driver."""

from decimal import Decimal

from pymysql.constants import FIELD_TYPE
from sqlalchemy import Float, cast, func, insert, select, text
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
        lab.fact("types of cast(func.avg(Order.qty), Float) and func.avg(Order.qty, type_=Float)",
                 [type(session.scalar(select(cast(func.avg(Order.qty), Float)))).__name__,
                  type(session.scalar(select(func.avg(Order.qty, type_=Float)))).__name__])
        # The types the database itself gives the two aggregates.
        if lab.backend == "sqlite":
            db_types = list(session.execute(text("SELECT typeof(avg(qty)), typeof(sum(qty)) FROM orders")).one())
            as_text_says = db_types == ["real", "integer"]
        elif lab.backend == "postgresql":
            db_types = list(session.execute(
                text("SELECT pg_typeof(avg(qty))::text, pg_typeof(sum(qty))::text FROM orders")).one())
            as_text_says = db_types == ["numeric", "bigint"]
        else:
            result = session.execute(text("SELECT avg(qty), sum(qty) FROM orders"))
            db_types = [column[1] for column in result.cursor.description]
            result.all()
            as_text_says = db_types == [FIELD_TYPE.NEWDECIMAL] * 2
        lab.fact("the database's result types", db_types)
        lab.fact("the database's result types are as the text says for this backend", as_text_says)
    lab.fact("SQLAlchemy type of func.sum(Order.qty)", type(func.sum(Order.qty).type).__name__)
    lab.fact("SQLAlchemy type of func.avg(Order.qty)", type(func.avg(Order.qty).type).__name__)
    lab.fact("average * 1.1 raises TypeError exactly where average is a Decimal",
             lab.attempt("average * 1.1", lambda: average * 1.1).raised(TypeError) == isinstance(average, Decimal))
    kinds = lab.fact("types of avg(qty) and sum(qty)", [type(average).__name__, type(total).__name__])
    lab.fact("values", [str(average), str(total)])
    expected = {"sqlite": ["float", "int"], "postgresql": ["Decimal", "int"], "mariadb": ["Decimal", "Decimal"]}

    # Each option states every backend's part; a run decides the part for its own backend.
    return {
        "A": kinds == expected[lab.backend] and average == Decimal("1.5") and total == 3,
        "B": kinds == {"sqlite": ["Decimal", "int"], "postgresql": ["float", "int"],
                       "mariadb": ["float", "Decimal"]}[lab.backend] and average == Decimal("1.5") and total == 3,
        "C": kinds == ["int", "int"] and average == 1,
        "D": kinds == ["str", "str"] if lab.backend == "sqlite" else kinds == ["float", "int"],
    }


if __name__ == "__main__":
    run_alone(__file__)

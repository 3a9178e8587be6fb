"""with_expression() on an object already in the Session fills the attribute once; only populate_existing overwrites it."""

import re

from sqlalchemy import insert, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, query_expression, with_expression

from verifiers import Lab, StatementList, run_alone


class Base(DeclarativeBase):
    pass


class A(Base):
    __tablename__ = "a"
    id: Mapped[int] = mapped_column(primary_key=True)
    x: Mapped[int]
    expr: Mapped[int | None] = query_expression()


MULTIPLY = re.compile(r"\ba\.id\s*\*", re.I)


def computes_expression(sql: StatementList) -> list[bool]:
    """For each SELECT, whether its SQL computes `a.id * ...`."""
    return [bool(MULTIPLY.search(s.sql)) for s in sql.of_kind("SELECT")]


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)
    with lab.engine.begin() as conn:
        conn.execute(insert(A), [{"id": 1, "x": 10}, {"id": 2, "x": 20}])

    with Session(lab.engine) as session:
        a = session.scalars(select(A).where(A.id == 1)).one()
        lab.fact("after the plain load: 'expr' loaded on a", "expr" not in lab.state(a).unloaded)

        session.scalars(select(A).where(A.id == 1).options(with_expression(A.expr, A.id * 100))).one()
        first = lab.fact("first (after with_expression id * 100)", a.expr)

        with lab.capture() as seven:
            session.scalars(select(A).where(A.id == 1).options(with_expression(A.expr, A.id * 7))).one()
        second = lab.fact("second (after with_expression id * 7)", a.expr)
        seven_computes = lab.fact("the id * 7 SELECT computes the expression", computes_expression(seven))
        seven_values = lab.fact("values bound to the id * 7 SELECT", [s.values for s in seven.of_kind("SELECT")])

        session.scalars(
            select(A)
            .where(A.id == 1)
            .options(with_expression(A.expr, A.id * 7))
            .execution_options(populate_existing=True)
        ).one()
        third = lab.fact("third (id * 7 with populate_existing)", a.expr)

        session.expire(a)
        with lab.capture() as reading:
            fourth = lab.fact("fourth (after session.expire(a))", a.expr)
        lab.fact("SELECTs sent reading a.expr after expire", reading.count("SELECT"))
        lab.fact("statements sent reading a.expr after expire", reading.count())

        with lab.capture():
            session.scalars(select(A).where(A.id == 1).options(with_expression(A.expr, A.id * 3))).one()
        lab.fact("a.expr after a later with_expression(id * 3) query", a.expr)

    return {
        "A": first is None,
        "B": first == 100,
        "C": second == 7,
        "D": seven_computes == [False] and not any(7 in values for values in seven_values),
        "E": third == 7,
        "F": fourth == 7,
    }


if __name__ == "__main__":
    run_alone(__file__)

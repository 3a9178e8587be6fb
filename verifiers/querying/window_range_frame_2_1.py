"""A RANGE frame given as a tuple of floats: 2.0 truncates the bounds to integers, 2.1 refuses them."""

from decimal import Decimal

import sqlalchemy
from sqlalchemy import Numeric, exc, func, insert, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Reading(Base):
    __tablename__ = "reading"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    t: Mapped[Decimal] = mapped_column(Numeric(6, 2))
    v: Mapped[int]


def window_sums(lab: Lab, frame) -> list[int]:
    """sum(v) over the given RANGE frame, for each reading in order of t."""
    stmt = select(func.sum(Reading.v).over(order_by=Reading.t, range_=frame)).order_by(Reading.t)
    with Session(lab.engine) as session:
        return [int(s) for s in session.scalars(stmt)]


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        Base.metadata.create_all(lab.engine)
        with lab.engine.begin() as conn:
            conn.execute(insert(Reading), [{"id": 1, "t": Decimal("0"), "v": 1},
                                           {"id": 2, "t": Decimal("5.5"), "v": 10},
                                           {"id": 3, "t": Decimal("11"), "v": 100}])

    with lab.capture() as sent:
        built = lab.attempt("calling over(order_by=Reading.t, range_=(-5.5, 5.5))",
                            lambda: func.sum(Reading.v).over(order_by=Reading.t, range_=(-5.5, 5.5)))
        sums = lab.attempt("the window query with range_=(-5.5, 5.5)", lambda: window_sums(lab, (-5.5, 5.5)))
    selects = sent.of_kind("SELECT")
    lab.fact("statements sent", sent.queries.kinds())
    bound = lab.fact("values bound for the frame", selects[0].values if selects else None)

    # 2.1's way to give non-integer bounds; the class does not exist in 2.0.
    FrameClause = getattr(sqlalchemy, "FrameClause", None)
    if FrameClause is not None:
        frame = FrameClause(Decimal("5.5"), Decimal("5.5"),
                            sqlalchemy.FrameClauseType.PRECEDING, sqlalchemy.FrameClauseType.FOLLOWING)
        with lab.capture():
            lab.fact("2.1: sums with FrameClause(Decimal('5.5'), Decimal('5.5'), PRECEDING, FOLLOWING)",
                     window_sums(lab, frame))

    return {
        "A": sums.ok and sums.value == [11, 111, 110] and bound == [5.5, 5.5],
        "B": (sums.ok and bound == [5, 5] and all(type(b) is int for b in bound)
              and sums.value == [1, 10, 100]),  # a warning would fail the proof
        "C": built.raised(exc.ArgumentError, match="only integer or none values are allowed")
             and "FrameClause" in built.message and len(selects) == 0,
        "D": isinstance(sums.error, exc.DBAPIError) and bool(selects),
        "E": sums.ok and bound == [6, 6],
    }


if __name__ == "__main__":
    run_alone(__file__)

"""Python control flow in a hybrid works on instances and fails at class level, where self is the class."""

from sqlalchemy import ColumnElement, case, func, select
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Interval(Base):
    __tablename__ = "interval"
    id: Mapped[int] = mapped_column(primary_key=True)
    start: Mapped[int]
    end: Mapped[int]

    @hybrid_property
    def length(self) -> int:
        if self.end > self.start:   # Python logic
            return self.end - self.start
        return self.start - self.end

    @hybrid_property
    def span(self) -> int:
        return abs(self.end - self.start)

    @hybrid_property
    def fixed_length(self) -> int:
        return abs(self.end - self.start)

    @fixed_length.inplace.expression
    @classmethod
    def _fixed_length_expression(cls):
        return case((cls.end > cls.start, cls.end - cls.start), else_=cls.start - cls.end)


def truth_value_errors(expression: ColumnElement[bool]) -> list[str | None]:
    """What `if`, `and`, `or` and `not` do with a SQL expression: the class each raises (None: it worked)."""
    raised: list[str | None] = []
    for use in (lambda: 1 if expression else 0, lambda: expression and 1, lambda: expression or 1, lambda: not expression):
        try:
            use()
            raised.append(None)
        except Exception as error:  # which class it is, is the observation
            raised.append(type(error).__name__)
    return raised


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        Base.metadata.create_all(lab.engine)
        with Session(lab.engine) as session:
            session.add_all([Interval(id=1, start=1, end=4), Interval(id=2, start=9, end=2)])
            session.commit()

    instance = Interval(start=9, end=2)
    lab.fact("on an instance: the type of self.end > self.start", type(instance.end > instance.start).__name__)
    at_class_comparison = Interval.end > Interval.start
    lab.fact("on the class: self.end > self.start is a SQL expression", isinstance(at_class_comparison, ColumnElement))
    lab.fact("if / and / or / not on that SQL expression: the class raised", truth_value_errors(at_class_comparison))

    with lab.capture() as instance_sql:
        on_instance = lab.fact("Interval(start=9, end=2).length", instance.length)
    at_class = lab.attempt("Interval.length (class level)", lambda: Interval.length)
    abs_at_class = lab.attempt("Interval.span (class level, abs())", lambda: Interval.span)
    with lab.capture() as fixed_sql, Session(lab.engine) as session:
        fixed = lab.fact("select(Interval.fixed_length) by id",
                         session.scalars(select(Interval.fixed_length).order_by(Interval.id)).all())
        lab.fact("select(func.abs(Interval.end - Interval.start)) by id",
                 session.scalars(select(func.abs(Interval.end - Interval.start)).order_by(Interval.id)).all())
    lab.fact("the fixed_length SELECT computes it with CASE", fixed_sql.of_kind("SELECT")[0].mentions("CASE"))

    return {
        "A": at_class.ok and not abs_at_class.ok,
        "B": at_class.ok and "CASE" in str(at_class.value),
        "C": on_instance == 7 and at_class.raised(TypeError, match="Boolean value of this clause")
             and abs_at_class.raised(TypeError, match=r"bad operand type for abs\(\)") and fixed == [3, 7],
        "D": len(instance_sql) > 0,
    }


if __name__ == "__main__":
    run_alone(__file__)

"""Python control flow in a hybrid works on instances and fails at class level, where self is the class."""

from sqlalchemy import case, select
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


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        Base.metadata.create_all(lab.engine)
        with Session(lab.engine) as session:
            session.add_all([Interval(id=1, start=1, end=4), Interval(id=2, start=9, end=2)])
            session.commit()

    on_instance = lab.fact("Interval(start=9, end=2).length", Interval(start=9, end=2).length)
    at_class = lab.attempt("Interval.length (class level)", lambda: Interval.length)
    abs_at_class = lab.attempt("Interval.span (class level, abs())", lambda: Interval.span)
    with lab.capture(), Session(lab.engine) as session:
        fixed = lab.fact("select(Interval.fixed_length) by id",
                         session.scalars(select(Interval.fixed_length).order_by(Interval.id)).all())

    return {
        "A": on_instance == 7 and at_class.raised(TypeError, match="Boolean value of this clause")
             and abs_at_class.raised(TypeError) and fixed == [3, 7],
        "B": at_class.ok and fixed == [3, 7],
        "C": at_class.ok and not abs_at_class.ok,
        "D": on_instance != 7,
    }


if __name__ == "__main__":
    run_alone(__file__)

"""One hybrid body, two levels: a Python value on an instance, a SQL expression on the class."""

from sqlalchemy import select
from sqlalchemy.ext.hybrid import hybrid_method, hybrid_property
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Booking(Base):
    __tablename__ = "booking"
    id: Mapped[int] = mapped_column(primary_key=True)
    start: Mapped[int]
    end: Mapped[int]

    @hybrid_property
    def length(self) -> int:
        return self.end - self.start

    @hybrid_method
    def covers(self, hour: int) -> bool:
        return (self.start <= hour) & (self.end > hour)


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        Base.metadata.create_all(lab.engine)
        with Session(lab.engine) as session:
            session.add_all([Booking(id=1, start=9, end=12), Booking(id=2, start=13, end=14)])
            session.commit()

    instance_length = lab.fact("Booking(start=9, end=12).length", Booking(start=9, end=12).length)
    class_level = lab.fact("type(Booking.length)", type(Booking.length).__name__)
    with lab.capture() as sent, Session(lab.engine) as session:
        lengths = lab.fact("select(Booking.id, Booking.length)", [tuple(r) for r in session.execute(
            select(Booking.id, Booking.length).order_by(Booking.id))])
        covering = lab.fact("ids where Booking.covers(10)",
                            session.scalars(select(Booking.id).where(Booking.covers(10))).all())
    [length_sql, covers_sql] = sent.of_kind("SELECT")
    lab.fact("the covers(10) WHERE clause joins its two conditions with AND", covers_sql.mentions("AND"))
    subtraction_in_sql = lab.fact("the length SELECT computes end - start in SQL",
                                  length_sql.mentions("start") and "-" in length_sql.sql.split("FROM")[0])

    return {
        "A": not subtraction_in_sql,
        "B": class_level == "function",
        "C": instance_length == 3 and subtraction_in_sql and lengths == [(1, 3), (2, 1)] and covering == [1],
        "D": covering == [1, 2],
    }


if __name__ == "__main__":
    run_alone(__file__)

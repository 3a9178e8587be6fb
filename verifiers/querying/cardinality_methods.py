"""one_or_none() and scalar_one() refuse several rows; Session.scalar() quietly takes the first; one() refuses none."""

from sqlalchemy import String, insert, select
from sqlalchemy.exc import MultipleResultsFound, NoResultFound
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    team: Mapped[str] = mapped_column(String(20))


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)
    with lab.engine.begin() as conn:
        conn.execute(insert(User), [{"id": n, "name": f"u{n}", "team": "red"} for n in (1, 2, 3)])

    three = select(User.id).where(User.team == "red").order_by(User.id)
    none = select(User.id).where(User.team == "blue")

    with Session(lab.engine) as session, lab.capture():
        three_one_or_none = lab.attempt("3 rows: one_or_none()", lambda: session.execute(three).one_or_none())
        three_scalar_one = lab.attempt("3 rows: scalar_one()", lambda: session.execute(three).scalar_one())
        three_scalar = lab.attempt("3 rows: session.scalar()", lambda: session.scalar(three))
        none_one = lab.attempt("0 rows: one()", lambda: session.execute(none).one())
        none_scalar = lab.attempt("0 rows: session.scalar()", lambda: session.scalar(none))

        # What the explanation adds: one() on three rows, the zero-row case of the others, Result.scalar().
        three_one = lab.attempt("3 rows: one()", lambda: session.execute(three).one())
        none_scalar_one = lab.attempt("0 rows: scalar_one()", lambda: session.execute(none).scalar_one())
        none_one_or_none = lab.attempt("0 rows: one_or_none()", lambda: session.execute(none).one_or_none())
        result = session.execute(three)
        lab.fact("3 rows: Result.scalar(), then whether the result is closed", [result.scalar(), result.closed])

    lab.fact("3 rows: the class one() raises", three_one.error_class)
    lab.fact("0 rows: the class scalar_one() raises", none_scalar_one.error_class)
    lab.fact("0 rows: one_or_none() raises nothing and returns", [none_one_or_none.ok, none_one_or_none.value])

    return {
        "A": three_one_or_none.ok and three_one_or_none.value is None,
        "B": three_one_or_none.raised(MultipleResultsFound) and three_scalar_one.raised(MultipleResultsFound),
        "C": three_scalar.raised(MultipleResultsFound),
        "D": three_scalar.ok and three_scalar.value == 1,
        "E": none_one.ok and none_one.value is None,
        "F": none_one.raised(NoResultFound) and none_scalar.ok and none_scalar.value is None,
    }


if __name__ == "__main__":
    run_alone(__file__)

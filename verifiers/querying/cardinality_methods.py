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


def outcome(call) -> str:
    """The value a call returned, or the name of the exception it raised."""
    try:
        value = call()
    except (MultipleResultsFound, NoResultFound) as exc:
        return type(exc).__name__
    return repr(value)


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)
    with lab.engine.begin() as conn:
        conn.execute(insert(User), [{"id": n, "name": f"u{n}", "team": "red"} for n in (1, 2, 3)])

    three = select(User.id).where(User.team == "red").order_by(User.id)
    none = select(User.id).where(User.team == "blue")

    with Session(lab.engine) as session:
        three_one_or_none = lab.fact("3 rows: one_or_none()", outcome(lambda: session.execute(three).one_or_none()))
        three_scalar_one = lab.fact("3 rows: scalar_one()", outcome(lambda: session.execute(three).scalar_one()))
        three_scalar = lab.fact("3 rows: session.scalar()", outcome(lambda: session.scalar(three)))
        none_one = lab.fact("0 rows: one()", outcome(lambda: session.execute(none).one()))
        none_scalar = lab.fact("0 rows: session.scalar()", outcome(lambda: session.scalar(none)))

    return {
        "A": three_one_or_none == "None",
        "B": three_one_or_none == "MultipleResultsFound" and three_scalar_one == "MultipleResultsFound",
        "C": three_scalar == "MultipleResultsFound",
        "D": three_scalar == "1",
        "E": none_one == "None",
        "F": none_one == "NoResultFound" and none_scalar == "None",
    }


if __name__ == "__main__":
    run_alone(__file__)

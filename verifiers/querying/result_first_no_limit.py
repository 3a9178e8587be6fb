"""Result.first() sends the statement as written and closes the result; legacy Query.first() adds LIMIT."""

from sqlalchemy import String, insert, select
from sqlalchemy.exc import MultipleResultsFound, ResourceClosedError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)
    with lab.engine.begin() as conn:
        conn.execute(insert(User), [{"id": n, "name": f"u{n}"} for n in (1, 2, 3)])

    with Session(lab.engine) as session:
        first_error = None
        first = None
        with lab.capture() as modern:
            result = session.execute(select(User).order_by(User.id))
            try:
                first = result.first()
            except MultipleResultsFound as exc:  # a claim says first() refuses a 3-row result
                first_error = exc
        lab.fact("exception from result.first()", type(first_error).__name__ if first_error else None)
        lab.fact("type of what result.first() returned", type(first).__name__)
        first_is_user = isinstance(first, User)
        first_holds_user_1 = lab.fact(
            "result.first() is a Row whose [0] is User 1", not first_is_user and first is not None and first[0].id == 1
        )

        rest_error = None
        rest = None
        try:
            rest = [row[0].id for row in result.all()]
        except ResourceClosedError as exc:
            rest_error = exc
        lab.fact("result.all() after first()", type(rest_error).__name__ if rest_error else rest)

        with lab.capture() as legacy:
            legacy_first = session.query(User).order_by(User.id).first()
        lab.fact("session.query(User).first() returned user id", legacy_first.id)

    modern_select = modern.of_kind("SELECT")
    legacy_select = legacy.of_kind("SELECT")
    modern_limit = lab.fact("Result.first(): LIMIT in each SELECT sent", [s.mentions("LIMIT") for s in modern_select])
    legacy_limit = lab.fact("Query.first(): LIMIT in each SELECT sent", [s.mentions("LIMIT") for s in legacy_select])
    legacy_values = lab.fact("Query.first(): values bound to its SELECT", [s.values for s in legacy_select])

    return {
        "A": modern_limit == [False] and first_holds_user_1,
        "B": first_is_user,
        "C": rest == [2, 3],
        "D": isinstance(rest_error, ResourceClosedError),
        "E": legacy_limit == [True] and len(legacy_values) == 1 and 1 in legacy_values[0],
        "F": first_error is not None,
    }


if __name__ == "__main__":
    run_alone(__file__)

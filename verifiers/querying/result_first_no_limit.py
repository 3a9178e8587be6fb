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

    def __repr__(self) -> str:
        return f"User(id={self.id})"


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)
    with lab.engine.begin() as conn:
        conn.execute(insert(User), [{"id": n, "name": f"u{n}"} for n in (1, 2, 3)])

    with Session(lab.engine) as session:
        with lab.capture() as modern:
            result = session.execute(select(User).order_by(User.id))
            taken = lab.attempt("result.first()", result.first)
        first = taken.value
        lab.fact("type of what result.first() returned", type(first).__name__)
        lab.fact("result.first(): type, length, type of its [0]", [type(first).__name__, len(first), type(first[0]).__name__])
        first_is_user = isinstance(first, User)
        first_holds_user_1 = lab.fact(
            "result.first() is a Row whose [0] is User 1", not first_is_user and first is not None and first[0].id == 1
        )
        lab.fact("result.closed after first()", result.closed)

        rest = lab.attempt("result.all() after first()", result.all)
        later = [
            lab.attempt("result.fetchone() after first()", result.fetchone),
            lab.attempt("result.fetchmany(2) after first()", lambda: result.fetchmany(2)),
            lab.attempt("result.scalar() after first()", result.scalar),
        ]
        lab.fact("later fetches from that result raise: fetchone(), fetchmany(2), scalar()", [a.error_class for a in later])

        with lab.capture():
            counted = [
                lab.attempt("one() on the 3-row statement", session.execute(select(User).order_by(User.id)).one),
                lab.attempt("one_or_none() on the 3-row statement", session.execute(select(User).order_by(User.id)).one_or_none),
            ]
            lab.fact("on the same 3-row statement, one() and one_or_none() raise", [a.error_class for a in counted])
            lab.fact("type of session.scalars(...).first()", type(session.scalars(select(User).order_by(User.id)).first()).__name__)

        with lab.capture() as legacy:
            legacy_first = session.query(User).order_by(User.id).first()
        lab.fact("session.query(User).first() returned user id", legacy_first.id)

        with lab.capture() as limited:
            session.execute(select(User).order_by(User.id).limit(1)).first()
        limited_select = limited.of_kind("SELECT")[0]
        lab.fact("select(User).limit(1): LIMIT in its SELECT, 1 among its bound values",
                 [limited_select.mentions("LIMIT"), 1 in limited_select.values])

    modern_select = modern.of_kind("SELECT")
    legacy_select = legacy.of_kind("SELECT")
    modern_limit = lab.fact("Result.first(): LIMIT in each SELECT sent", [s.mentions("LIMIT") for s in modern_select])
    legacy_limit = lab.fact("Query.first(): LIMIT in each SELECT sent", [s.mentions("LIMIT") for s in legacy_select])
    legacy_values = lab.fact("Query.first(): values bound to its SELECT", [s.values for s in legacy_select])

    return {
        "A": modern_limit == [False] and first_holds_user_1,
        "B": first_is_user,
        "C": rest.ok and [row[0].id for row in rest.value] == [2, 3],
        "D": rest.raised(ResourceClosedError),
        "E": legacy_limit == [True] and len(legacy_values) == 1 and 1 in legacy_values[0],
        "F": taken.raised(MultipleResultsFound),
    }


if __name__ == "__main__":
    run_alone(__file__)

"""Python's `and`/`or` between SQL comparisons: `==` quietly loses a condition, `>` raises TypeError."""

import re
import warnings

from sqlalchemy import String, and_, insert, or_, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    name: Mapped[str] = mapped_column(String(50))


def where_clause(sql: str) -> str:
    """The text between WHERE and ORDER BY (or the end), as sent."""
    match = re.search(r"\bWHERE\b(.*?)(\bORDER BY\b|$)", sql, re.I | re.S)
    return match.group(1).strip() if match else ""


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)
    with lab.engine.begin() as conn:
        conn.execute(insert(User), [{"id": 1, "name": "ada"}, {"id": 2, "name": "bob"}, {"id": 3, "name": "cy"}])

    # Building the statements: Python evaluates `and` / `or` here, before SQLAlchemy compiles anything.
    with warnings.catch_warnings(record=True) as caught, lab.capture() as building:
        warnings.simplefilter("always")
        both_built = lab.attempt(
            "building `both`", lambda: select(User.name).where(User.id == 2 and User.name == "zed").order_by(User.id)
        )
        either_built = lab.attempt(
            "building `either`", lambda: select(User.name).where(User.name == "ada" or User.id == 2).order_by(User.id)
        )
        ranged_built = lab.attempt("building `ranged`", lambda: select(User.name).where(User.id > 1 and User.id < 3))
        combined = select(User.name).where(and_(User.id == 2, User.name == "zed"))
    lab.fact("exceptions building `both` / `either`", [both_built.error_class, either_built.error_class])
    lab.fact("building `ranged`: the TypeError's message", ranged_built.message)
    sent_while_building = lab.fact("statements sent while building the statements", building.count())

    # What `and` / `or` hand back, and what bool() says of an == comparison.
    id_test = User.id == 2
    lab.fact("`A and B` is A itself; `A or B` is B itself",
             [(id_test and User.name == "zed") is id_test, (User.name == "ada" or id_test) is id_test])
    lab.fact("bool(User.id == User.id), bool(User.id == 2)", [bool(User.id == User.id), bool(User.id == 2)])

    with Session(lab.engine) as session:
        with warnings.catch_warnings(record=True) as running:
            warnings.simplefilter("always")
            with lab.capture() as both_sql:
                both_rows = lab.fact("`both` returns", session.scalars(both_built.value).all())
            with lab.capture() as either_sql:
                either_rows = lab.fact("`either` returns", session.scalars(either_built.value).all())
        lab.fact("warnings while building and running `both` and `either`", [str(w.message) for w in caught + running])
        with lab.capture() as combined_sql:
            combined_rows = lab.fact("the `and_()` form returns", session.scalars(combined).all())
        with lab.capture():
            fixes = [
                select(User.name).where(or_(User.name == "ada", User.id == 2)),
                select(User.name).where(User.id == 2, User.name == "zed"),
                select(User.name).where((User.id == 2) & (User.name == "zed")),
                select(User.name).where((User.name == "ada") | (User.id == 2)),
            ]
            lab.fact("the fixes return: or_(), where() with two conditions, &, |",
                     [session.scalars(stmt.order_by(User.id)).all() for stmt in fixes])

    both_select = both_sql.of_kind("SELECT")[0]
    either_select = either_sql.of_kind("SELECT")[0]
    combined_select = combined_sql.of_kind("SELECT")[0]
    both_where = lab.fact("WHERE clause sent for `both`", where_clause(both_select.sql))
    lab.fact("WHERE clause sent for `either`", where_clause(either_select.sql))
    lab.fact("values bound by the `both` / `either` SELECTs", [both_select.values, either_select.values])
    lab.fact("`either`'s SELECT has an OR", either_select.mentions("OR"))
    lab.fact("the `and_()` form's SELECT: has an AND, values bound", [combined_select.mentions("AND"), combined_select.values])

    return {
        "A": both_select.mentions("AND") and both_select.values == [2, "zed"] and both_rows == [],
        "B": both_rows == ["bob"] and both_select.values == [2] and "users.name" not in both_where,
        "C": either_rows == ["ada", "bob"] and either_select.mentions("OR"),
        "D": ranged_built.raised(TypeError) and sent_while_building == 0,
        "E": both_built.raised(TypeError),
        "F": combined_rows == [],
    }


if __name__ == "__main__":
    run_alone(__file__)

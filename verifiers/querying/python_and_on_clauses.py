"""Python's `and`/`or` between SQL comparisons: `==` quietly loses a condition, `>` raises TypeError."""

import re
from collections.abc import Callable

from sqlalchemy import Select, String, and_, insert, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    name: Mapped[str] = mapped_column(String(50))


def build(make: Callable[[], Select]) -> tuple[Select | None, str | None]:
    """The statement ``make()`` builds, or the exception building it raised (as ``"Class: message"``)."""
    try:
        return make(), None
    except Exception as error:
        return None, f"{type(error).__name__}: {error}"


def where_clause(sql: str) -> str:
    """The text between WHERE and ORDER BY (or the end), as sent."""
    match = re.search(r"\bWHERE\b(.*?)(\bORDER BY\b|$)", sql, re.I | re.S)
    return match.group(1).strip() if match else ""


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)
    with lab.engine.begin() as conn:
        conn.execute(insert(User), [{"id": 1, "name": "ada"}, {"id": 2, "name": "bob"}, {"id": 3, "name": "cy"}])

    # Building the statements: Python evaluates `and` / `or` here, before SQLAlchemy compiles anything.
    with lab.capture() as building:
        both, both_error = build(lambda: select(User.name).where(User.id == 2 and User.name == "zed").order_by(User.id))
        either, either_error = build(lambda: select(User.name).where(User.name == "ada" or User.id == 2).order_by(User.id))
        _, ranged_error = build(lambda: select(User.name).where(User.id > 1 and User.id < 3))
        combined, _ = build(lambda: select(User.name).where(and_(User.id == 2, User.name == "zed")))
    lab.fact("building `both` / `either` raised", (both_error, either_error))
    lab.fact("building `ranged` raised", ranged_error)
    sent_while_building = lab.fact("statements sent while building the statements", building.count())

    with Session(lab.engine) as session:
        with lab.capture() as both_sql:
            both_rows = lab.fact("`both` returns", session.scalars(both).all())
        with lab.capture() as either_sql:
            either_rows = lab.fact("`either` returns", session.scalars(either).all())
        combined_rows = lab.fact("the `and_()` form returns", session.scalars(combined).all())

    both_where = lab.fact("WHERE clause sent for `both`", where_clause(both_sql.of_kind("SELECT")[0].sql))
    either_where = lab.fact("WHERE clause sent for `either`", where_clause(either_sql.of_kind("SELECT")[0].sql))

    return {
        "A": " AND " in both_where.upper() and "users.name" in both_where and both_rows == [],
        "B": both_rows == ["bob"] and "users.name" not in both_where,
        "C": either_rows == ["ada", "bob"] and " OR " in either_where.upper(),
        "D": ranged_error is not None and ranged_error.startswith("TypeError") and sent_while_building == 0,
        "E": both_error is not None and both_error.startswith("TypeError"),
        "F": combined_rows == [],
    }


if __name__ == "__main__":
    run_alone(__file__)

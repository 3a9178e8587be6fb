"""A row inserted between page requests shifts OFFSET pages; a keyset page continues after the last row seen."""

import re

from sqlalchemy import String, delete, insert, select, tuple_
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    name: Mapped[str] = mapped_column(String(50))
    score: Mapped[int]


PAGE = 2


def offset_page(session: Session, number: int) -> list[int]:
    """Page `number` (0-based), newest first, counted by OFFSET."""
    stmt = select(User.id).order_by(User.id.desc()).offset(number * PAGE).limit(PAGE)
    return list(session.scalars(stmt))


def keyset_page(session: Session, last_id: int) -> list[int]:
    """The page after the row with id `last_id`, newest first."""
    stmt = select(User.id).where(User.id < last_id).order_by(User.id.desc()).limit(PAGE)
    return list(session.scalars(stmt))


def composite_keyset_page(session: Session, last_score: int, last_id: int) -> list[int]:
    """The page after (last_score, last_id) in (score, id) descending order."""
    stmt = (
        select(User.id)
        .where(tuple_(User.score, User.id) < (last_score, last_id))
        .order_by(User.score.desc(), User.id.desc())
        .limit(PAGE)
    )
    return list(session.scalars(stmt))


ROW_VALUE = re.compile(r"\(\s*users\.score\s*,\s*users\.id\s*\)\s*<", re.I)


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)
    with lab.engine.begin() as conn:
        conn.execute(
            insert(User),
            [{"id": n, "name": f"u{n}", "score": score} for n, score in ((1, 10), (2, 20), (3, 20), (4, 30))],
        )

    # Request 1: the first page.
    with Session(lab.engine) as session, lab.capture():
        first_offset = lab.fact("page 1 by OFFSET", offset_page(session, 0))

    # Between requests, another connection adds a newer user.
    with lab.other_connection() as other:
        other.execute(insert(User).values(id=5, name="u5", score=40))
        other.commit()

    # Request 2: the second page, each way.
    with Session(lab.engine) as session, lab.capture() as second_page:
        second_offset = lab.fact("page 2 by OFFSET", offset_page(session, 1))
        second_keyset = lab.fact("page 2 by keyset (id < 3)", keyset_page(session, first_offset[-1]))
    keyset_select = second_page.of_kind("SELECT")[1]
    lab.fact("the value bound in the keyset page's WHERE (id < ?)", keyset_select.values[0])
    lab.fact("page 2 contains user 5: by OFFSET, by keyset", [5 in second_offset, 5 in second_keyset])
    with Session(lab.engine) as session:
        lab.fact("page 1 by OFFSET once user 5 exists", offset_page(session, 0))

    # A composite keyset: after (score 20, id 3) in (score, id) descending order.
    with Session(lab.engine) as session, lab.capture() as sql:
        composite = lab.attempt("composite keyset after (20, 3)", lambda: composite_keyset_page(session, 20, 3))
    row_values = [bool(ROW_VALUE.search(s.sql)) for s in sql.of_kind("SELECT")]
    lab.fact("its SQL compares a row value (users.score, users.id) <", row_values)
    lab.fact("rows the composite keyset page returned", composite.value)

    # Now the other way round: page 1 is [5, 4], and user 5 is deleted before page 2 is read.
    with Session(lab.engine) as session:
        shown_first = offset_page(session, 0)
        keyset_before = keyset_page(session, shown_first[-1])
    with lab.other_connection() as other:
        other.execute(delete(User).where(User.id == 5))
        other.commit()
        remaining = set(other.scalars(select(User.id)))
    with Session(lab.engine) as session:
        shown_second = offset_page(session, 1)
        keyset_after = keyset_page(session, shown_first[-1])
    lab.fact("page 2 by keyset, before and after a page-1 row is deleted", [keyset_before, keyset_after])
    lab.fact("users OFFSET never shows when a page-1 row is deleted before page 2",
             sorted(remaining - set(shown_first) - set(shown_second)))

    return {
        "A": second_offset == [2, 1],
        "B": first_offset == [4, 3] and second_offset == [3, 2],
        "C": second_keyset == [2, 1],
        "D": 5 in second_offset and 5 in second_keyset,
        "E": not composite.ok,
    }


if __name__ == "__main__":
    run_alone(__file__)

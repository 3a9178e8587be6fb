"""An ORM bulk INSERT groups its dicts by the keys that carry a value: a None splits the batch."""

import re

from sqlalchemy import String, insert, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from verifiers import Lab, Statement, StatementList, run_alone


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    name: Mapped[str] = mapped_column(String(50))
    bio: Mapped[str | None] = mapped_column(String(100))


def column_list(statement: Statement) -> list[str]:
    """The columns named in `INSERT INTO users (...)`."""
    match = re.search(r"INSERT\s+INTO\s+\S+\s*\(([^)]*)\)", statement.sql, re.I)
    return [c.strip().strip('`"') for c in match.group(1).split(",")] if match else []


def inserts(sql: StatementList) -> list[list[str]]:
    """The column list of every INSERT, in order."""
    return [column_list(s) for s in sql.of_kind("INSERT")]


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)

    with Session(lab.engine) as session:
        error = None
        with lab.capture() as plain:
            try:
                session.execute(insert(User), [{"id": 1, "name": "a", "bio": None}, {"id": 2, "name": "b", "bio": "x"}])
            except Exception as exc:  # a claim says a None value is refused: record what happened
                error = exc
        lab.fact("exception from the two-dict insert", type(error).__name__ if error else None)

        with lab.capture() as rendered:
            session.execute(
                insert(User).execution_options(render_nulls=True),
                [{"id": 3, "name": "c", "bio": None}, {"id": 4, "name": "d", "bio": "x"}],
            )

        with lab.capture() as alternating:
            session.execute(
                insert(User),
                [{"id": 10 + n, "name": f"n{n}", "bio": None if n % 2 == 0 else "x"} for n in range(4)],
            )
        session.commit()
        lab.fact("bio stored per id", dict(session.execute(select(User.id, User.bio).order_by(User.id)).all()))

    plain_inserts = lab.fact("two dicts: column list of each INSERT", inserts(plain))
    rendered_inserts = lab.fact("render_nulls=True: column list of each INSERT", inserts(rendered))
    alternating_inserts = lab.fact("four alternating dicts: INSERTs sent", len(inserts(alternating)))

    return {
        "A": len(plain_inserts) == 1 and "bio" in plain_inserts[0],
        "B": len(plain_inserts) == 2 and "bio" not in plain_inserts[0] and "bio" in plain_inserts[1],
        "C": len(rendered_inserts) == 1 and "bio" in rendered_inserts[0],
        "D": alternating_inserts == 2,
        "E": error is not None,
    }


if __name__ == "__main__":
    run_alone(__file__)

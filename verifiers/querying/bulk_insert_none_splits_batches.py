"""An ORM bulk INSERT groups its dicts by the keys that carry a value: a None splits the batch."""

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


def columns_named(statement: Statement) -> list[str]:
    """Which of the table's columns the INSERT names, in the table's order."""
    return [column for column in ("id", "name", "bio") if statement.mentions(column)]


def inserts(sql: StatementList) -> list[list[str]]:
    """The columns named by every INSERT, in order."""
    return [columns_named(s) for s in sql.of_kind("INSERT")]


def rows_carried(statement: Statement) -> int:
    """How many rows one INSERT carries: one per parameter set of an executemany."""
    return len(statement.values) if statement.executemany else 1


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)

    with Session(lab.engine) as session:
        with lab.capture() as plain:
            two_dicts = lab.attempt(
                "the two-dict insert",
                lambda: session.execute(
                    insert(User), [{"id": 1, "name": "a", "bio": None}, {"id": 2, "name": "b", "bio": "x"}]
                ),
            )

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
        stored = lab.fact("bio stored per id", dict(session.execute(select(User.id, User.bio).order_by(User.id)).all()))

    plain_inserts = lab.fact("two dicts: column list of each INSERT", inserts(plain))
    plain_rows = lab.fact("two dicts: rows each INSERT carries", [rows_carried(s) for s in plain.of_kind("INSERT")])
    lab.fact("two dicts: bio stored per row", [stored.get(1, "missing"), stored.get(2, "missing")])
    rendered_inserts = lab.fact("render_nulls=True: column list of each INSERT", inserts(rendered))
    rendered_rows = lab.fact("render_nulls=True: rows each INSERT carries", [rows_carried(s) for s in rendered.of_kind("INSERT")])
    lab.fact("render_nulls=True: values bound per row", [s.values for s in rendered.of_kind("INSERT")])
    lab.fact(
        "bio stored: plain rows, render_nulls rows",
        [[stored.get(1, "missing"), stored.get(2, "missing")], [stored.get(3, "missing"), stored.get(4, "missing")]],
    )
    lab.fact("four alternating dicts: column list of each INSERT", inserts(alternating))
    alternating_inserts = lab.fact("four alternating dicts: INSERTs sent", alternating.count("INSERT"))

    return {
        "A": plain_inserts == [["id", "name", "bio"]] and plain_rows == [2],
        "B": len(plain_inserts) == 2 and "bio" not in plain_inserts[0] and "bio" in plain_inserts[1],
        "C": len(rendered_inserts) == 1 and "bio" in rendered_inserts[0] and rendered_rows == [2],
        "D": alternating_inserts == 2,
        "E": not two_dicts.ok,
    }


if __name__ == "__main__":
    run_alone(__file__)

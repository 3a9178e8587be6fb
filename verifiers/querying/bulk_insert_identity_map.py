"""An ORM bulk INSERT builds no objects; with RETURNING(User) it returns persistent, identity-mapped Users."""

import re

from sqlalchemy import String, insert
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from verifiers import Lab, Statement, run_alone


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    score: Mapped[int]


def values_groups(statement: Statement) -> int:
    """How many parenthesised row groups follow VALUES (before any RETURNING)."""
    body = re.split(r"\bVALUES\b", statement.sql, maxsplit=1, flags=re.I)[1]
    body = re.split(r"\bRETURNING\b", body, maxsplit=1, flags=re.I)[0]
    depth = groups = 0
    for char in body:
        if char == "(":
            groups += depth == 0
            depth += 1
        elif char == ")":
            depth -= 1
    return groups


def parameter_sets(statement: Statement) -> int:
    """How many parameter sets the statement was executed with."""
    return len(statement.parameters) if statement.executemany else 1


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)

    with Session(lab.engine) as session:
        rows = [{"name": f"n{i}", "score": i} for i in range(5)]
        with lab.capture() as plain:
            session.execute(insert(User), rows)
        plain_inserts = plain.of_kind("INSERT")
        lab.fact("plain form: INSERTs sent", len(plain_inserts))
        plain_sets = lab.fact("plain form: parameter sets per INSERT", [parameter_sets(s) for s in plain_inserts])
        map_after_plain = lab.fact("identity map size after the plain form", len(session.identity_map))

        more = [{"name": f"m{i}", "score": i} for i in range(5)]
        with lab.capture() as returning:
            users = session.scalars(insert(User).returning(User), more).all()
        returning_inserts = returning.of_kind("INSERT")
        lab.fact("RETURNING form: INSERTs sent", len(returning_inserts))
        groups = lab.fact("RETURNING form: VALUES groups per INSERT", [values_groups(s) for s in returning_inserts])
        lab.fact("RETURNING form: INSERTs with a RETURNING clause", sum(s.mentions("RETURNING") for s in returning_inserts))
        returning_selects = lab.fact("RETURNING form: SELECTs sent", returning.count("SELECT"))
        kinds = lab.fact("RETURNING form: types returned", sorted({type(u).__name__ for u in users}))
        states = lab.fact("RETURNING form: object states", [lab.state(u).status for u in users if isinstance(u, User)])
        map_after_returning = lab.fact("identity map size after the RETURNING form", len(session.identity_map))

        with lab.capture() as getting:
            same = session.get(User, users[0].id) is users[0] if users and isinstance(users[0], User) else False
        get_statements = lab.fact("session.get(User, users[0].id): same object, statements sent", (same, len(getting.queries)))[1]
        session.rollback()

    return {
        "A": len(returning_inserts) == 5 and groups == [1] * 5,
        "B": map_after_plain == 5,
        "C": kinds == ["Row"] and returning_selects > 0,
        "D": states == ["persistent"] * 5 and map_after_returning == 5 and same and get_statements == 0,
        "E": plain_sets == [5],
    }


if __name__ == "__main__":
    run_alone(__file__)

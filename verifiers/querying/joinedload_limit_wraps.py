"""joinedload of a collection plus LIMIT: the limited parent query becomes a subquery."""

import re

from sqlalchemy import ForeignKey, String, insert, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, joinedload, mapped_column, relationship

from verifiers import Lab, Statement, run_alone


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    addresses: Mapped[list["Address"]] = relationship()


class Address(Base):
    __tablename__ = "addresses"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    email: Mapped[str] = mapped_column(String(100))


LIMIT = re.compile(r"\bLIMIT\b", re.I)


def limit_placement(statement: Statement) -> tuple[bool, bool]:
    """(LIMIT inside the first parenthesised SELECT, LIMIT outside it)."""
    sql = statement.sql
    start = re.search(r"\(\s*SELECT\b", sql, re.I)
    if start is None:
        return False, bool(LIMIT.search(sql))
    depth, end = 0, start.start()
    for end in range(start.start(), len(sql)):
        depth += {"(": 1, ")": -1}.get(sql[end], 0)
        if depth == 0:
            break
    inner, outer = sql[start.start() : end + 1], sql[: start.start()] + sql[end + 1 :]
    return bool(LIMIT.search(inner)), bool(LIMIT.search(outer))


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)
    with lab.engine.begin() as conn:
        conn.execute(insert(User), [{"id": u, "name": f"u{u}"} for u in (1, 2, 3)])
        conn.execute(
            insert(Address),
            [{"user_id": u, "email": f"u{u}_{n}@example.com"} for u in (1, 2, 3) for n in range(3)],
        )

    stmt = select(User).options(joinedload(User.addresses)).order_by(User.id).limit(2)
    with Session(lab.engine) as session:
        error = None
        users = []
        with lab.capture() as loading:
            try:
                users = session.scalars(stmt).unique().all()
            except Exception as exc:  # a claim says this raises: record what happened
                error = exc
        lab.fact("exception raised", type(error).__name__ if error else None)

        unloaded = lab.fact("users whose addresses are still unloaded", [u.id for u in users if "addresses" in lab.state(u).unloaded])
        with lab.capture() as reading:
            per_user = lab.fact("addresses per user returned", {u.id: len(u.addresses) for u in users})
        reading_selects = lab.fact("SELECTs while reading the collections", reading.count("SELECT"))

    selects = loading.of_kind("SELECT")
    lab.fact("SELECTs sent by the query", len(selects))
    shape = lab.fact(
        "each SELECT: (has subquery, has JOIN, LEFT OUTER JOIN, IN-list sizes)",
        [(s.has_subquery, s.has_join, "LEFT OUTER JOIN" in s.sql.upper(), s.in_list_sizes) for s in selects],
    )
    placement = lab.fact("LIMIT (inside the subquery, outside it)", [limit_placement(s) for s in selects])

    return {
        "A": shape == [(True, True, True, [])] and placement == [(True, False)] and per_user == {1: 3, 2: 3},
        "B": sum(per_user.values()) == 2 and len(per_user) == 1,
        "C": error is not None,
        "D": len(selects) == 2 and selects[-1].has_in_list,
        "E": len(unloaded) == len(users) > 0 and reading_selects == len(users),
    }


if __name__ == "__main__":
    run_alone(__file__)

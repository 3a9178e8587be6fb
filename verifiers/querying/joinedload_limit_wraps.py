"""joinedload of a collection plus LIMIT: the limited parent query becomes a subquery."""

import re

from sqlalchemy import ForeignKey, String, insert, select
from sqlalchemy.exc import InvalidRequestError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, joinedload, mapped_column, relationship

from verifiers import Lab, Statement, run_alone


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    addresses: Mapped[list["Address"]] = relationship()

    def __repr__(self) -> str:
        return f"User({self.id})"


class Address(Base):
    __tablename__ = "addresses"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    email: Mapped[str] = mapped_column(String(100))


def split_at_subquery(statement: Statement) -> tuple[str, str]:
    """The first parenthesised SELECT (with its parentheses) and the rest of the statement; ("", sql) if none."""
    sql = statement.sql
    start = re.search(r"\(\s*SELECT\b", sql, re.I)
    if start is None:
        return "", sql
    depth, end = 0, start.start()
    for end in range(start.start(), len(sql)):
        depth += {"(": 1, ")": -1}.get(sql[end], 0)
        if depth == 0:
            break
    return sql[start.start() : end + 1], sql[: start.start()] + sql[end + 1 :]


def placement(statement: Statement, words: str) -> tuple[bool, bool]:
    """(``words`` inside the first parenthesised SELECT, ``words`` outside it), as whole words, any case."""
    pattern = re.compile(rf"\b{words}\b", re.I)
    inner, outer = split_at_subquery(statement)
    return bool(pattern.search(inner)), bool(pattern.search(outer))


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
        with lab.capture() as loading:
            run = lab.attempt("the query", lambda: session.scalars(stmt).unique().all())
        users = run.value if run.ok else []

        unloaded = lab.fact("users whose addresses are still unloaded", [u.id for u in users if "addresses" in lab.state(u).unloaded])
        with lab.capture() as reading:
            per_user = lab.fact("addresses per user returned", {u.id: len(u.addresses) for u in users})
        reading_selects = lab.fact("SELECTs while reading the collections", reading.count("SELECT"))

        # What the explanation adds: OFFSET or DISTINCT wrap the same way; a LIMIT on the plain join counts pairs.
        with lab.capture() as offset_sql:
            session.scalars(select(User).options(joinedload(User.addresses)).order_by(User.id).offset(1)).unique().all()
        with lab.capture() as distinct_sql:
            session.scalars(select(User).options(joinedload(User.addresses)).order_by(User.id).distinct()).unique().all()
        lab.fact(
            "with OFFSET, with DISTINCT instead of LIMIT: the SELECT has a subquery",
            [offset_sql.of_kind("SELECT")[0].has_subquery, distinct_sql.of_kind("SELECT")[0].has_subquery],
        )
        pairs = select(User.id, Address.id).outerjoin(User.addresses).order_by(User.id, Address.id).limit(2)
        lab.fact("LIMIT 2 on the plain outer join: the user id of each row", [row[0] for row in session.execute(pairs)])

    with lab.engine.connect() as conn:
        lab.fact("rows the statement gives on a Connection", len(conn.execute(stmt).all()))

    selects = loading.of_kind("SELECT")
    lab.fact("SELECTs sent by the query", len(selects))
    shape = lab.fact(
        "each SELECT: (has subquery, has JOIN, LEFT OUTER JOIN, IN-list sizes)",
        [(s.has_subquery, s.has_join, s.mentions("LEFT OUTER JOIN"), s.in_list_sizes) for s in selects],
    )
    limit_at = lab.fact("LIMIT (inside the subquery, outside it)", [placement(s, "LIMIT") for s in selects])
    join_at = lab.fact("LEFT OUTER JOIN (inside the subquery, outside it)", [placement(s, "LEFT OUTER JOIN") for s in selects])
    lab.fact("the subquery mentions addresses", [placement(s, "addresses")[0] for s in selects])
    lab.fact(
        "the subquery orders by users.id, and is named anon_1",
        [[placement(s, r"ORDER BY users\.id")[0], placement(s, r"AS anon_1")[1]] for s in selects],
    )

    return {
        "A": len(unloaded) == len(users) > 0 and reading_selects == len(users),
        "B": sum(per_user.values()) == 2 and len(per_user) == 1,
        "C": run.raised(InvalidRequestError),
        "D": len(selects) == 2 and selects[-1].has_in_list,
        "E": shape == [(True, True, True, [])]
        and limit_at == [(True, False)]
        and join_at == [(False, True)]
        and per_user == {1: 3, 2: 3},
    }


if __name__ == "__main__":
    run_alone(__file__)

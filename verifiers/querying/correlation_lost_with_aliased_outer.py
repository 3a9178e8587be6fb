"""A scalar subquery written against User correlates only to an outer `users`; an aliased outer query leaves it uncorrelated."""

import warnings

from sqlalchemy import ForeignKey, String, func, insert, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, aliased, mapped_column

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))


class Address(Base):
    __tablename__ = "addresses"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    email: Mapped[str] = mapped_column(String(100))


def split_subquery(sql: str) -> tuple[str, str]:
    """The first parenthesised SELECT (without its parentheses) and the outer text after it, made plain;
    two empty strings if there is none."""
    start = sql.upper().find("(SELECT")
    if start < 0:
        return "", ""
    depth, end = 0, start
    for end in range(start, len(sql)):
        depth += {"(": 1, ")": -1}.get(sql[end], 0)
        if depth == 0:
            break
    return plain(sql[start + 1 : end]), plain(sql[end + 1 :])


def plain(text: str) -> str:
    """SQL text with its identifier quotes removed and its whitespace collapsed."""
    return " ".join(text.replace("`", "").replace('"', "").split())


def inner_from(sql: str) -> list[str]:
    """The tables named in the subquery's FROM, e.g. ['addresses', 'users']."""
    from_part = split_subquery(sql)[0].partition(" FROM ")[2].partition(" WHERE ")[0]
    return sorted(t.strip().lower() for t in from_part.split(",") if t.strip())


def inner_where(sql: str) -> str:
    """The subquery's WHERE condition, e.g. 'addresses.user_id = users.id'."""
    return split_subquery(sql)[0].partition(" WHERE ")[2]


def outer_from(sql: str) -> str:
    """The outer query's FROM, e.g. 'users AS users_1'."""
    return split_subquery(sql)[1].partition(" FROM ")[2].partition(" ORDER BY ")[0]


def counts_and_sql(lab: Lab, session: Session, stmt) -> tuple[list[tuple[str, int]], str]:
    with lab.capture() as sql:
        rows = [tuple(row) for row in session.execute(stmt).all()]
    return rows, sql.of_kind("SELECT")[0].sql


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)
    with lab.engine.begin() as conn:
        conn.execute(insert(User), [{"id": n, "name": f"u{n}"} for n in (1, 2, 3, 4)])
        conn.execute(insert(Address), [{"user_id": n, "email": f"u{n}_{k}@x.com"} for n in (1, 2, 3) for k in (0, 1)])

    n_addresses = select(func.count(Address.id)).where(Address.user_id == User.id).scalar_subquery()
    ua = aliased(User)
    n_addresses_of_ua = select(func.count(Address.id)).where(Address.user_id == ua.id).scalar_subquery()

    with Session(lab.engine) as session:
        direct, direct_sql = counts_and_sql(lab, session, select(User.name, n_addresses).order_by(User.id))
        lab.fact("direct: (name, count)", direct)
        direct_from = lab.fact("direct: tables in the subquery's FROM", inner_from(direct_sql))
        lab.fact("direct: the subquery's WHERE", inner_where(direct_sql))

        with warnings.catch_warnings(record=True) as caught, lab.capture() as alias_capture:
            warnings.simplefilter("always")
            alias_run = lab.attempt(
                "running via_alias",
                lambda: [tuple(row) for row in session.execute(select(ua.name, n_addresses).order_by(ua.id)).all()],
            )
        alias_warnings = lab.fact("warnings while running via_alias", [str(w.message) for w in caught])
        via_alias = lab.fact("via_alias: (name, count)", alias_run.value if alias_run.ok else [])
        alias_sql = " ".join(s.sql for s in alias_capture.of_kind("SELECT"))
        alias_from = lab.fact("via_alias: tables in the subquery's FROM", inner_from(alias_sql))
        lab.fact("via_alias: the subquery's WHERE", inner_where(alias_sql))
        lab.fact("via_alias: the outer FROM", outer_from(alias_sql))

        explicit, explicit_sql = counts_and_sql(lab, session, select(ua.name, n_addresses.correlate(User)).order_by(ua.id))
        lab.fact("with .correlate(User): (name, count)", explicit)
        lab.fact("with .correlate(User): tables in the subquery's FROM", inner_from(explicit_sql))

        rewritten, rewritten_sql = counts_and_sql(lab, session, select(ua.name, n_addresses_of_ua).order_by(ua.id))
        lab.fact("subquery written against ua: (name, count)", rewritten)
        rewritten_from = lab.fact("subquery written against ua: tables in its FROM", inner_from(rewritten_sql))
        lab.fact("subquery written against ua: its WHERE", inner_where(rewritten_sql))

    per_user = [2, 2, 2, 0]
    return {
        "A": [count for _, count in via_alias] == per_user,
        "B": [count for _, count in direct] == per_user and direct_from == ["addresses"],
        "C": [count for _, count in via_alias] == [6, 6, 6, 6] and alias_from == ["addresses", "users"],
        "D": not alias_run.ok or bool(alias_warnings),
        "E": [count for _, count in explicit] == per_user,
        "F": [count for _, count in rewritten] == per_user and rewritten_from == ["addresses"],
    }


if __name__ == "__main__":
    run_alone(__file__)

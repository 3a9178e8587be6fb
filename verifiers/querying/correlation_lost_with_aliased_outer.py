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


def inner_from(sql: str) -> list[str]:
    """The tables named in the FROM of the first parenthesised SELECT, e.g. ['addresses', 'users']."""
    start = sql.upper().index("(SELECT")
    depth, end = 0, start
    for end in range(start, len(sql)):
        depth += {"(": 1, ")": -1}.get(sql[end], 0)
        if depth == 0:
            break
    inner = " ".join(sql[start + 1 : end].split())
    from_part = inner.upper().split(" FROM ", 1)[1].split(" WHERE ", 1)[0]
    return sorted(t.strip().strip("`\"").lower() for t in from_part.split(","))


def counts_and_sql(lab: Lab, session: Session, stmt) -> tuple[list[tuple[str, int]], list[str]]:
    with lab.capture() as sql:
        rows = [tuple(row) for row in session.execute(stmt).all()]
    return rows, inner_from(sql.of_kind("SELECT")[0].sql)


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)
    with lab.engine.begin() as conn:
        conn.execute(insert(User), [{"id": n, "name": f"u{n}"} for n in (1, 2, 3, 4)])
        conn.execute(insert(Address), [{"user_id": n, "email": f"u{n}_{k}@x.com"} for n in (1, 2, 3) for k in (0, 1)])

    n_addresses = select(func.count(Address.id)).where(Address.user_id == User.id).scalar_subquery()
    ua = aliased(User)
    n_addresses_of_ua = select(func.count(Address.id)).where(Address.user_id == ua.id).scalar_subquery()

    with Session(lab.engine) as session:
        direct, direct_from = counts_and_sql(lab, session, select(User.name, n_addresses).order_by(User.id))
        lab.fact("direct: (name, count)", direct)
        lab.fact("direct: tables in the subquery's FROM", direct_from)

        alias_error = None
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                via_alias, alias_from = counts_and_sql(lab, session, select(ua.name, n_addresses).order_by(ua.id))
            except Exception as error:  # option D claims it raises: record what happened
                alias_error, via_alias, alias_from = f"{type(error).__name__}: {error}", [], []
                session.rollback()
        lab.fact("exception running via_alias", alias_error)
        alias_warnings = lab.fact("warnings while running via_alias", [str(w.message) for w in caught])
        lab.fact("via_alias: (name, count)", via_alias)
        lab.fact("via_alias: tables in the subquery's FROM", alias_from)

        explicit, explicit_from = counts_and_sql(lab, session, select(ua.name, n_addresses.correlate(User)).order_by(ua.id))
        lab.fact("with .correlate(User): (name, count)", explicit)
        lab.fact("with .correlate(User): tables in the subquery's FROM", explicit_from)

        rewritten, rewritten_from = counts_and_sql(lab, session, select(ua.name, n_addresses_of_ua).order_by(ua.id))
        lab.fact("subquery written against ua: (name, count)", rewritten)
        lab.fact("subquery written against ua: tables in its FROM", rewritten_from)

    per_user = [2, 2, 2, 0]
    return {
        "A": [count for _, count in direct] == per_user and direct_from == ["addresses"],
        "B": [count for _, count in via_alias] == per_user,
        "C": [count for _, count in via_alias] == [6, 6, 6, 6] and alias_from == ["addresses", "users"],
        "D": alias_error is not None or bool(alias_warnings),
        "E": [count for _, count in explicit] == per_user,
        "F": [count for _, count in rewritten] == per_user and rewritten_from == ["addresses"],
    }


if __name__ == "__main__":
    run_alone(__file__)

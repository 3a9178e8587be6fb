"""A condition on the outer-joined table: in WHERE it removes unmatched parents, in ON (.and_()) it keeps them."""

import re

from sqlalchemy import ForeignKey, String, func, insert, literal, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship

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


def like_placement(statement: Statement) -> str:
    """Where the LIKE sits: in the JOIN's ON clause or in the WHERE clause."""
    sql = re.sub(r"\s+", " ", statement.sql)
    where = re.search(r"\bWHERE\b", sql, re.I)
    like = re.search(r"\bLIKE\b", sql, re.I)
    if like is None:
        return "absent"
    return "WHERE" if where and where.start() < like.start() else "ON"


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)
    with lab.engine.begin() as conn:
        conn.execute(insert(User), [{"id": n, "name": f"u{n}"} for n in (1, 2, 3, 4)])
        conn.execute(
            insert(Address),
            [{"user_id": n, "email": f"u{n}_{k}@x.com"} for n in (1, 2, 3) for k in (0, 1)],
        )

    in_where = (
        select(User.name, Address.email)
        .outerjoin(User.addresses)
        .where(Address.email.like("%0@%"))
        .order_by(User.id)
    )
    in_on = (
        select(User.name, Address.email)
        .outerjoin(User.addresses.and_(Address.email.like("%0@%")))
        .order_by(User.id)
    )

    with Session(lab.engine) as session:
        with lab.capture() as where_sql:
            where_rows = lab.fact("rows with the LIKE in .where()", [tuple(r) for r in session.execute(in_where)])
        with lab.capture() as on_sql:
            on_rows = lab.fact("rows with the LIKE in .and_()", [tuple(r) for r in session.execute(in_on)])
        lab.fact("rows for u4 with the LIKE in .and_()", [row for row in on_rows if row[0] == "u4"])

        # What the explanation says about the pieces: the bare outer join, NULL LIKE, and an inner join.
        with lab.capture():
            bare = session.execute(select(User.name, Address.email).outerjoin(User.addresses).order_by(User.id))
            lab.fact("rows for u4 in the outer join with no condition", [tuple(r) for r in bare if r.name == "u4"])
            null_like = select(func.count()).where(literal(None, String).like("%0@%"))
            lab.fact("rows a WHERE NULL LIKE '%0@%' keeps", session.scalar(null_like))
            in_inner = select(User.name, Address.email).join(User.addresses).where(Address.email.like("%0@%")).order_by(User.id)
            lab.fact("the .where() form returns what an inner join with that WHERE returns",
                     [tuple(r) for r in session.execute(in_inner)] == where_rows)

    where_select, on_select = where_sql.of_kind("SELECT")[0], on_sql.of_kind("SELECT")[0]
    where_outer = lab.fact(
        ".where() form still says LEFT OUTER JOIN", where_select.has_join and where_select.mentions("LEFT OUTER JOIN")
    )
    where_like = lab.fact(".where() form: the LIKE is in", like_placement(where_select))
    on_like = lab.fact(".and_() form: the LIKE is in", like_placement(on_select))
    lab.fact(".and_() form has a WHERE clause", on_select.mentions("WHERE"))

    return {
        "A": len(where_rows) == 4 and ("u4", None) in where_rows,
        "B": len(where_rows) == 3 and all(name != "u4" for name, _ in where_rows),
        "C": len(on_rows) == 4 and ("u4", None) in on_rows,
        "D": where_like == "WHERE" and on_like == "WHERE",
        "E": not where_outer,
    }


if __name__ == "__main__":
    run_alone(__file__)

"""subqueryload: one second statement that re-runs the original query as a subquery, however many parents."""

import re

from sqlalchemy import ForeignKey, insert, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship, subqueryload

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    addresses: Mapped[list["Address"]] = relationship()


class Address(Base):
    __tablename__ = "addresses"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))


USERS = 1201


def parenthesised_select(sql: str) -> str:
    """The text of the first `(SELECT ...)` in the statement, up to its matching parenthesis."""
    start = sql.index("(SELECT")
    depth = 0
    for end, char in enumerate(sql[start:], start):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth == 0:
            return sql[start + 1:end]
    return ""


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        Base.metadata.create_all(lab.engine)
        with lab.engine.begin() as conn:
            conn.execute(insert(User), [{"id": i} for i in range(1, USERS + 1)])
            conn.execute(insert(Address), [{"id": i, "user_id": i} for i in range(1, USERS + 1)])

    with Session(lab.engine) as session, lab.capture() as sent:
        users = session.scalars(select(User).where(User.id < 1202).options(subqueryload(User.addresses))).all()
        loaded = sum(len(u.addresses) for u in users)
    selects = sent.of_kind("SELECT")
    lab.fact("SELECTs sent", len(selects))
    second = selects[-1]
    lab.fact("addresses loaded", loaded)
    reembedded = lab.fact("the second SELECT holds the users query as a subquery, with its WHERE, and no IN list",
                          second.has_subquery and second.mentions("users") and second.has_join and not second.has_in_list
                          and 1202 in second.values)
    joins_addresses = lab.fact("the second SELECT reads addresses", second.mentions("addresses"))

    with Session(lab.engine) as session, lab.capture() as limited:
        session.scalars(select(User).order_by(User.id.desc()).limit(3).options(subqueryload(User.addresses))).all()
    again = " ".join(limited.of_kind("SELECT")[-1].sql.split())
    subquery = parenthesised_select(again)
    lab.fact("with order_by(...).limit(3), the second SELECT's subquery has ORDER BY and LIMIT",
             re.search(r"\bORDER BY users\.id DESC\b.*\bLIMIT\b", subquery) is not None)

    return {
        "A": len(selects) == 2 and reembedded and joins_addresses and loaded == USERS,
        "B": len(selects) == 4,
        "C": second.in_list_sizes == [USERS],
        "D": len(selects) == USERS + 1,
    }


if __name__ == "__main__":
    run_alone(__file__)

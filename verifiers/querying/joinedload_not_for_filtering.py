"""A WHERE on the eagerly joined entity does not filter through joinedload's anonymous JOIN: it adds a cartesian FROM."""

import re
import warnings

from sqlalchemy import ForeignKey, String, exc, insert, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, joinedload, mapped_column, relationship

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    name: Mapped[str] = mapped_column(String(50))
    addresses: Mapped[list["Address"]] = relationship()


class Address(Base):
    __tablename__ = "addresses"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    email: Mapped[str] = mapped_column(String(100))


def addresses_in_from(sql: str) -> list[str]:
    """Each appearance of the addresses table in the statement, with its alias if any."""
    return [m.group(0) for m in re.finditer(r"\baddresses\b(?:\s+AS\s+\w+)?(?!\.)", sql, re.I)]


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)
    with lab.engine.begin() as conn:
        conn.execute(insert(User), [{"id": n, "name": f"u{n}"} for n in (1, 2, 3)])
        conn.execute(
            insert(Address),
            [{"user_id": n, "email": f"u{n}_{k}@x.com"} for n in (1, 2, 3) for k in (0, 1)],
        )

    stmt = select(User).options(joinedload(User.addresses)).where(Address.email == "u1_0@x.com").order_by(User.id)

    with Session(lab.engine) as session:
        with lab.capture() as sql, warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                users = session.scalars(stmt).unique().all()
                loaded = {u.name: sorted(a.email for a in u.addresses) for u in users}
                error = None
            except exc.SQLAlchemyError as raised:
                loaded, error = None, type(raised).__name__
        lab.fact("users returned, each with the emails in its collection", loaded)
        lab.fact("exception raised", error)

    warned = lab.fact("SAWarnings raised", [str(w.message) for w in caught if issubclass(w.category, exc.SAWarning)])
    selects = sql.of_kind("SELECT")
    lab.fact("SELECTs sent", len(selects))
    tables = lab.fact("appearances of the addresses table in the SELECT", addresses_in_from(selects[0].sql))

    every_user_complete = {f"u{n}": [f"u{n}_0@x.com", f"u{n}_1@x.com"] for n in (1, 2, 3)}
    return {
        "A": loaded == {"u1": ["u1_0@x.com"]},
        "B": loaded == {"u1": ["u1_0@x.com", "u1_1@x.com"]},
        "C": loaded == every_user_complete and len(selects) == 1,
        "D": any("cartesian product" in message for message in warned),
        "E": len(tables) == 1,
        "F": error == "InvalidRequestError",
    }


if __name__ == "__main__":
    run_alone(__file__)

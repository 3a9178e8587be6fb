"""load_only() always selects the primary key, and leaves every other column, column_property included, for later."""

import re

from sqlalchemy import ForeignKey, String, Text, exc, func, insert, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, column_property, load_only, mapped_column

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Address(Base):
    __tablename__ = "addresses"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    email: Mapped[str] = mapped_column(String(100))


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    name: Mapped[str] = mapped_column(String(50))
    bio: Mapped[str] = mapped_column(Text)
    address_count: Mapped[int] = column_property(
        select(func.count(Address.id)).where(Address.user_id == id).correlate_except(Address).scalar_subquery()
    )


def selected_columns(sql: str) -> str:
    """The column list of a SELECT: the text between SELECT and its first top-level FROM."""
    depth = 0
    for match in re.finditer(r"[()]|\bFROM\b", sql, re.I):
        token = match.group(0)
        depth += {"(": 1, ")": -1}.get(token, 0)
        if token.upper() == "FROM" and depth == 0:
            return sql[len("SELECT") : match.start()].strip()
    return sql


def listed_columns(sql: str) -> list[str]:
    """The columns a SELECT lists, without their labels (``users.bio AS users_bio`` is ``users.bio``)."""
    return [re.sub(r"\s+AS\s+\w+$", "", c.strip(), flags=re.I) for c in selected_columns(sql).split(",")]


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)
    with lab.engine.begin() as conn:
        conn.execute(insert(User), [{"id": n, "name": f"u{n}", "bio": f"bio {n}"} for n in (1, 2, 3)])
        conn.execute(insert(Address), [{"user_id": n, "email": f"u{n}_{k}@x.com"} for n in (1, 2, 3) for k in (0, 1)])

    with Session(lab.engine) as session:
        with lab.capture() as loading:
            users = session.scalars(select(User).options(load_only(User.name)).order_by(User.id)).all()
        first_select = loading.of_kind("SELECT")[0]
        lab.fact("columns the SELECT lists", selected_columns(first_select.sql))
        lab.fact("the first SELECT has the count subquery", first_select.has_subquery)
        lab.fact("attributes left unloaded on u1", sorted(lab.state(users[0]).unloaded))
        with lab.capture() as counting:
            counts = lab.fact("address_count of each user", [u.address_count for u in users])
        count_selects = lab.fact("SELECTs sent reading address_count on the 3 users", counting.count("SELECT"))
        count_keys = lab.fact("values bound to each address_count SELECT", [s.values for s in counting.of_kind("SELECT")])
        with lab.capture() as reading_bio:
            bio = lab.fact("u1.bio", users[0].bio)
        bio_selects = lab.fact("SELECTs sent reading u1.bio", reading_bio.count("SELECT"))
        lab.fact("columns the SELECT reading u1.bio lists", [listed_columns(s.sql) for s in reading_bio.of_kind("SELECT")])
        lab.fact("values bound to the SELECT reading u1.bio", [s.values for s in reading_bio.of_kind("SELECT")])

    with Session(lab.engine) as session:
        strict = session.scalars(select(User).options(load_only(User.name, raiseload=True)).where(User.id == 1)).one()
        with lab.capture() as strict_reading:
            strict_bio = lab.attempt("with raiseload=True, reading bio", lambda: strict.bio)
        lab.fact("the raiseload error's message", strict_bio.message)
        strict_selects = lab.fact("SELECTs sent reading bio with raiseload=True", strict_reading.count("SELECT"))

    listed = listed_columns(first_select.sql)
    return {
        "A": first_select.has_subquery,
        "B": listed == ["users.name"],
        "C": listed == ["users.id", "users.name"] and not first_select.has_subquery,
        "D": counts == [2, 2, 2] and count_selects == 3 and count_keys == [[1], [2], [3]],
        "E": bio is None and bio_selects == 0,
        "F": strict_bio.raised(exc.InvalidRequestError) and strict_selects == 0,
    }


if __name__ == "__main__":
    run_alone(__file__)

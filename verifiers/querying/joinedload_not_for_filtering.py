"""A WHERE on the eagerly joined entity does not filter through joinedload's anonymous JOIN: it adds a cartesian FROM."""

import re
import warnings

from sqlalchemy import ForeignKey, String, exc, insert, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, contains_eager, joinedload, mapped_column, relationship

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


def email_tested_on(sql: str) -> list[str]:
    """The table or alias of each ``<name>.email =`` in the statement."""
    return re.findall(r"(\w+)\.email\s*=", sql.replace('"', "").replace("`", ""), re.I)


def warning_sides_are_addresses_and_the_join(message: str) -> bool:
    """Whether the cartesian-product warning sets the plain `addresses` apart from elements of the eager join.

    The linter names the two sides in no fixed order, and the join side by one or both of its members
    (`users`, `addresses_1`), so the message text itself differs from run to run."""
    between = re.search(r"between FROM element\(s\) (.*?) and FROM element (\S+?)\.", message)
    if between is None:
        return False
    sides = [set(re.findall(r'"(\w+)"', side)) for side in between.groups()]
    join_members = {"users", "addresses_1"}
    return {"addresses"} in sides and any(side and side <= join_members for side in sides)


def collections(users: list[User]) -> dict[str, list[str]]:
    """Each user's name with the emails in its loaded collection."""
    return {u.name: sorted(a.email for a in u.addresses) for u in users}


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
            run = lab.attempt(
                "users returned, each with the emails in its collection",
                lambda: collections(session.scalars(stmt).unique().all()),
            )
        loaded = run.value if run.ok else None

        # What the explanation adds: a WHERE matching no address, and the three ways to filter by address.
        with lab.capture(), warnings.catch_warnings(record=True):
            warnings.simplefilter("always")
            nobody = stmt.where(Address.email == "nobody@x.com")
            lab.fact(
                "the same statement with a WHERE matching no address: users returned",
                session.scalars(nobody).unique().all(),
            )
        session.expunge_all()
        with lab.capture():
            joined = select(User).join(User.addresses).where(Address.email == "u1_0@x.com")
            lab.fact(".join(User.addresses) with the WHERE: users returned", [u.name for u in session.scalars(joined)])
        session.expunge_all()
        with lab.capture():
            eager_from_join = joined.options(contains_eager(User.addresses))
            lab.fact(
                "with contains_eager: users and collections", collections(session.scalars(eager_from_join).unique().all())
            )
        session.expunge_all()
        with lab.capture():
            by_any = (
                select(User).options(joinedload(User.addresses)).where(User.addresses.any(Address.email == "u1_0@x.com"))
            )
            lab.fact("joinedload with any(): users and collections", collections(session.scalars(by_any).unique().all()))

    with lab.engine.connect() as conn, warnings.catch_warnings(record=True):
        warnings.simplefilter("always")
        lab.fact("rows the statement gives on a Connection", len(conn.execute(stmt).all()))

    sa_warnings = [w for w in caught if w.category is exc.SAWarning]
    warned = lab.fact("SAWarnings raised", [str(w.message) for w in sa_warnings])
    lab.fact(
        "the warning's two sides: `addresses` alone, and elements of the eager join",
        [warning_sides_are_addresses_and_the_join(str(w.message)) for w in sa_warnings],
    )
    selects = sql.of_kind("SELECT")
    lab.fact("SELECTs sent", len(selects))
    tables = lab.fact("appearances of the addresses table in the SELECT", sorted(addresses_in_from(selects[0].sql)))
    lab.fact("the eager load's JOIN", selects[0].mentions("LEFT OUTER JOIN addresses AS addresses_1"))
    lab.fact("what the WHERE tests the email of", email_tested_on(selects[0].sql))

    every_user_complete = {f"u{n}": [f"u{n}_0@x.com", f"u{n}_1@x.com"] for n in (1, 2, 3)}
    return {
        "A": loaded == {"u1": ["u1_0@x.com"]},
        "B": loaded == {"u1": ["u1_0@x.com", "u1_1@x.com"]},
        "C": loaded == every_user_complete and len(selects) == 1,
        "D": any("cartesian product" in message for message in warned),
        "E": len(tables) == 1,
        "F": run.raised(exc.InvalidRequestError),
    }


if __name__ == "__main__":
    run_alone(__file__)

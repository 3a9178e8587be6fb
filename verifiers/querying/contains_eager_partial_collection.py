"""contains_eager() fills a collection with only the rows the query returned, and leaves loaded collections alone."""

from sqlalchemy import ForeignKey, String, insert, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, contains_eager, mapped_column, relationship

from verifiers import Lab, run_alone


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


def filtered_users_stmt():
    """The query in the stem: users joined to their `_0` addresses, which also fill `User.addresses`."""
    return (
        select(User)
        .join(User.addresses)
        .where(Address.email.like("%0@%"))
        .options(contains_eager(User.addresses))
        .order_by(User.id)
    )


def emails(user: User) -> list[str]:
    return sorted(a.email for a in user.addresses)


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)
    with lab.engine.begin() as conn:
        conn.execute(insert(User), [{"id": n, "name": f"u{n}"} for n in (1, 2, 3)])
        conn.execute(
            insert(Address),
            [{"user_id": n, "email": f"u{n}_{k}@x.com"} for n in (1, 2, 3) for k in (0, 1)],
        )

    # Case 1: a fresh Session.
    with Session(lab.engine) as session:
        with lab.capture() as loading:
            users = session.scalars(filtered_users_stmt()).unique().all()
        lab.fact(
            "fresh Session: `addresses` counts as loaded, per user", ["addresses" not in lab.state(u).unloaded for u in users]
        )
        with lab.capture() as reading:
            fresh = lab.fact("fresh Session: emails per user", {u.name: emails(u) for u in users})
    fresh_selects = lab.fact("fresh Session: SELECTs sent by the query", loading.count("SELECT"))
    lab.fact(
        "fresh Session: the query's statements (kind, has a JOIN, lists addresses.id)",
        [(s.kind, s.has_join, s.mentions("addresses.id")) for s in loading.queries],
    )
    reading_selects = lab.fact("fresh Session: SELECTs sent reading the collections", reading.count("SELECT"))

    # Case 2: u1's collection was loaded in full before the query ran.
    with Session(lab.engine) as session:
        u1 = session.get(User, 1)
        lab.fact("already loaded: u1 emails before the query", emails(u1))
        with lab.capture():
            session.scalars(filtered_users_stmt()).unique().all()
        kept = lab.fact("already loaded: u1 emails after the query", emails(u1))

        with lab.capture():
            session.scalars(filtered_users_stmt().execution_options(populate_existing=True)).unique().all()
        repopulated = lab.fact("already loaded: u1 emails after the query with populate_existing", emails(u1))

    only_matching = {f"u{n}": [f"u{n}_0@x.com"] for n in (1, 2, 3)}
    both = {f"u{n}": [f"u{n}_0@x.com", f"u{n}_1@x.com"] for n in (1, 2, 3)}
    return {
        "A": fresh == only_matching and reading_selects == 0,
        "B": fresh == both,
        "C": reading_selects > 0,
        "D": kept == both["u1"],
        "E": repopulated == only_matching["u1"],
        "F": fresh_selects == 2,
    }


if __name__ == "__main__":
    run_alone(__file__)

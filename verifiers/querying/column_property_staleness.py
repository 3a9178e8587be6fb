"""A column_property is expired by a flush only for objects that took part in it; others keep a stale value."""

from sqlalchemy import ForeignKey, String, func, insert, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, column_property, mapped_column, relationship

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
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    addresses: Mapped[list[Address]] = relationship()
    address_count: Mapped[int] = column_property(
        select(func.count(Address.id)).where(Address.user_id == id).correlate_except(Address).scalar_subquery()
    )


def read_count(lab: Lab, user: User) -> tuple[int, list[str]]:
    """``user.address_count`` and the kinds of the statements reading it sent."""
    with lab.capture() as sql:
        value = user.address_count
    return value, sql.queries.kinds()


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)
    with lab.engine.begin() as conn:
        conn.execute(insert(User), [{"id": 1, "name": "u1"}, {"id": 2, "name": "u2"}])
        conn.execute(insert(Address), [{"user_id": 1, "email": "a1@x.com"}, {"user_id": 2, "email": "a2@x.com"}])

    with Session(lab.engine) as session:
        with lab.capture() as loading:
            u1, u2 = session.scalars(select(User).order_by(User.id)).all()
            loaded = lab.fact("counts as loaded", (u1.address_count, u2.address_count))
        lab.fact("loading both users and reading both counts: statements sent", loading.queries.kinds())
        lab.fact("the loading SELECT carries the count as a subquery", loading.of_kind("SELECT")[0].has_subquery)
        lab.fact("User.address_count: expire_on_flush", User.address_count.property.expire_on_flush)

        u1.addresses.append(Address(email="new1@x.com"))
        session.add(Address(user_id=u2.id, email="new2@x.com"))
        with lab.capture() as flushed:
            session.flush()
        lab.fact("statements the flush sent", [(s.kind, "users" if s.mentions("users") else "addresses") for s in flushed.queries])
        lab.fact(
            "the flush: (kind, table) of every statement",
            sorted({(s.kind, "users" if s.mentions("users") else "addresses") for s in flushed.queries}),
        )
        updates_of_users = flushed.of_kind("UPDATE").mentioning("users").count()
        u1_expired = lab.fact("u1 expired attributes after flush", sorted(lab.state(u1).expired_attributes))
        lab.fact("u2 expired attributes after flush", sorted(lab.state(u2).expired_attributes))

        u2_after_flush = lab.fact("u2.address_count after flush: (value, statements sent)", read_count(lab, u2))
        u1_after_flush = lab.fact("u1.address_count after flush: (value, statements sent)", read_count(lab, u1))
        in_database = lab.fact(
            "addresses of user 2 counted in the same transaction",
            session.scalar(select(func.count(Address.id)).where(Address.user_id == 2)),
        )
        lab.fact("user_id stored with new1@x.com", session.scalar(select(Address.user_id).where(Address.email == "new1@x.com")))

        reselected = session.scalars(select(User).where(User.id == 2)).one()
        lab.fact("re-selecting user 2 returns the identity-mapped u2", reselected is u2)
        u2_after_reselect = lab.fact(
            "u2.address_count after re-selecting user 2: (value, statements sent)", read_count(lab, reselected)
        )
        session.scalars(select(User).where(User.id == 2).execution_options(populate_existing=True)).one()
        lab.fact("u2.address_count after re-selecting with populate_existing: (value, statements sent)", read_count(lab, u2))

        session.commit()
        lab.fact("u1, u2 expired attributes after commit", [sorted(lab.state(u).expired_attributes) for u in (u1, u2)])
        u2_after_commit = lab.fact("u2.address_count after commit: (value, statements sent)", read_count(lab, u2))

    return {
        "A": updates_of_users > 0 and "address_count" in u1_expired,
        "B": u2_after_flush == (1, []) and in_database == 2,
        "C": loaded == (1, 1) and u1_after_flush == (2, ["SELECT"]),
        "D": u1_after_flush[0] == 2 and u2_after_flush[0] == 2,
        "E": reselected is u2 and u2_after_reselect[0] == 2,
        "F": u2_after_commit[0] == 2,
    }


if __name__ == "__main__":
    run_alone(__file__)

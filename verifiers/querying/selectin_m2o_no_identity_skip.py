"""selectinload of a many-to-one asks for every distinct key, even those whose object is already in the session."""

from sqlalchemy import ForeignKey, String, insert, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship, selectinload

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(20))


class Address(Base):
    __tablename__ = "addresses"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    user: Mapped[User] = relationship()


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        Base.metadata.create_all(lab.engine)
        with lab.engine.begin() as conn:
            conn.execute(insert(User), [{"id": i, "name": f"u{i}"} for i in range(1, 11)])
            conn.execute(insert(Address), [{"id": i, "user_id": (i + 1) // 2} for i in range(1, 21)])

    with Session(lab.engine) as session:
        held = session.scalars(select(User)).all()              # all ten users are in the identity map
        with lab.capture() as eager:
            addresses = session.scalars(select(Address).options(selectinload(Address.user))).all()
        lab.fact("users held by the first session", len(held))
        eager_selects = eager.of_kind("SELECT")[1:]
        in_lists = lab.fact("IN-list sizes of the users' SELECT", [s.in_list_sizes for s in eager_selects])
        keys = lab.fact("the keys the users' SELECT sent",
                        [sorted(s.values) for s in eager_selects if s.mentions("users") and not s.mentions("addresses")])

    with Session(lab.engine) as session:
        held = session.scalars(select(User)).all()
        addresses = session.scalars(select(Address)).all()
        with lab.capture() as lazy:
            [a.user.name for a in addresses]
        lazy_sql = lab.fact("statements sent by lazy loading the same 20 users' references", lazy.kinds())
    lab.fact("users held by the second session", len(held))

    return {
        "A": in_lists == [[10]] and keys == [list(range(1, 11))] and lazy_sql == [],
        "B": in_lists == [],
        "C": in_lists == [[20]],
        "D": lazy_sql.count("SELECT") == 20,
    }


if __name__ == "__main__":
    run_alone(__file__)

"""The N+1 problem: listing users and reading each one's addresses with the default lazy loading."""

from sqlalchemy import ForeignKey, String, insert, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, joinedload, relationship, selectinload

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    addresses: Mapped[list["Address"]] = relationship()          # lazy="select", the default


class Address(Base):
    __tablename__ = "addresses"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    email: Mapped[str] = mapped_column(String(100))


def report(session: Session, query) -> list[tuple[str, int]]:
    return [(user.name, len(user.addresses)) for user in session.scalars(query)]


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        Base.metadata.create_all(lab.engine)
        with lab.engine.begin() as conn:
            conn.execute(insert(User), [{"id": i, "name": f"u{i}"} for i in range(1, 11)])
            conn.execute(insert(Address), [{"id": i, "user_id": (i + 1) // 2, "email": f"a{i}@x"} for i in range(1, 21)])

    with Session(lab.engine) as session, lab.capture() as lazy:
        rows = report(session, select(User).order_by(User.id))
    selects = lazy.of_kind("SELECT")
    lab.fact("SELECTs sent with lazy loading", len(selects))
    per_user = lab.fact("SELECTs after the first that filter addresses by one user id",
                        sum(1 for s in selects[1:] if s.mentions("addresses") and len(s.values) == 1))
    bound = lab.fact("the user id each of those SELECTs is bound to", [s.values for s in selects[1:]])
    lab.fact("rows of the report", len(rows))

    with Session(lab.engine) as session, lab.capture() as eager:
        report(session, select(User).order_by(User.id).options(selectinload(User.addresses)))
    lab.fact("SELECTs sent with selectinload(User.addresses)", eager.count("SELECT"))
    lab.fact("IN lists among the selectinload SELECTs", sum(s.has_in_list for s in eager.of_kind("SELECT")))

    with Session(lab.engine) as session, lab.capture() as joined:
        users = session.scalars(select(User).order_by(User.id).options(joinedload(User.addresses))).unique().all()
        [(user.name, len(user.addresses)) for user in users]
    lab.fact("SELECTs sent with joinedload(User.addresses), and whether it joins addresses",
             [joined.count("SELECT"), joined.of_kind("SELECT")[0].mentions("JOIN addresses")])

    return {
        "A": len(selects) == 1,
        "B": len(selects) == 11 and per_user == 10 and bound == [[i] for i in range(1, 11)],
        "C": len(selects) == 2,
        "D": len(selects) == 21,
    }


if __name__ == "__main__":
    run_alone(__file__)

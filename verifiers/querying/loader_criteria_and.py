"""Relationship.and_() in a loader option filters the loaded collection itself, inside the loader's own query."""

from sqlalchemy import ForeignKey, String, insert, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship, selectinload

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(20))
    addresses: Mapped[list["Address"]] = relationship()


class Address(Base):
    __tablename__ = "addresses"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    email: Mapped[str] = mapped_column(String(50))


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        Base.metadata.create_all(lab.engine)
        with lab.engine.begin() as conn:
            conn.execute(insert(User), [{"id": 1, "name": "ada"}, {"id": 2, "name": "bob"}])
            conn.execute(insert(Address), [
                {"id": 1, "user_id": 1, "email": "ada@work.com"}, {"id": 2, "user_id": 1, "email": "ada@home.org"},
                {"id": 3, "user_id": 2, "email": "bob@home.org"}])

    option = selectinload(User.addresses.and_(Address.email.like("%@work.com")))
    with Session(lab.engine) as session:
        with lab.capture() as sent:
            users = session.scalars(select(User).options(option).order_by(User.id)).all()
            loaded = lab.fact("each user's loaded addresses", {u.name: [a.email for a in u.addresses] for u in users})
        # The partial collection stays in the identity map until it is reloaded.
        ada = users[0]
        session.scalars(select(User).order_by(User.id)).all()
        lab.fact("ada's addresses after a plain select(User) in the same session", sorted(a.email for a in ada.addresses))
        session.scalars(select(User).order_by(User.id).execution_options(populate_existing=True)).all()
        lab.fact("ada's addresses after select(User) with populate_existing", sorted(a.email for a in ada.addresses))
    selects = sent.of_kind("SELECT")
    lab.fact("the users' SELECT is unchanged: no addresses, no LIKE",
             not selects[0].mentions("addresses") and not selects[0].mentions("LIKE"))
    lab.fact("SELECTs sent by the query and its loader", len(selects))
    in_and_like = lab.fact("the second SELECT has the IN list and the LIKE",
                           len(selects) == 2 and selects[1].has_in_list and selects[1].mentions("LIKE"))

    return {
        "A": [u.name for u in users] == ["ada", "bob"] and sorted(loaded.get("ada", [])) == ["ada@home.org", "ada@work.com"],
        "B": [u.name for u in users] == ["ada"] and loaded == {"ada": ["ada@work.com"]},
        "C": [u.name for u in users] == ["ada", "bob"] and loaded == {"ada": ["ada@work.com"], "bob": []} and in_and_like,
        "D": len(selects) == 3,
    }


if __name__ == "__main__":
    run_alone(__file__)

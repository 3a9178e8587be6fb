"""The default cascade does not carry expunge() or expire() to related objects; cascade="all" does."""

from sqlalchemy import ForeignKey, String, insert, inspect, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship, selectinload

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Parent(Base):
    __tablename__ = "parent"
    id: Mapped[int] = mapped_column(primary_key=True)
    kids: Mapped[list["Kid"]] = relationship()                    # default: "save-update, merge"


class Kid(Base):
    __tablename__ = "kid"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(10))
    parent_id: Mapped[int] = mapped_column(ForeignKey("parent.id"))


class Owner(Base):
    __tablename__ = "owner"
    id: Mapped[int] = mapped_column(primary_key=True)
    pets: Mapped[list["Pet"]] = relationship(cascade="all")


class Pet(Base):
    __tablename__ = "pet"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(10))
    owner_id: Mapped[int] = mapped_column(ForeignKey("owner.id"))


def expunge_and_expire(lab: Lab, parent_cls, collection: str) -> tuple[list[bool], list[list[str]]]:
    """In one session, load the parent with its children and expunge the parent: are the children still in the
    session? In another, the same load and expire the parent: which of the children's attributes are expired?"""
    query = select(parent_cls).options(selectinload(getattr(parent_cls, collection)))
    with Session(lab.engine) as session:
        parent = session.scalars(query).one()
        children = list(getattr(parent, collection))
        session.expunge(parent)
        still_in = [c in session for c in children]
    with Session(lab.engine) as session:
        parent = session.scalars(query).one()
        children = list(getattr(parent, collection))
        session.expire(parent)
        expired = [sorted(inspect(c).expired_attributes) for c in children]
    return still_in, expired


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        Base.metadata.create_all(lab.engine)
        with lab.engine.begin() as conn:
            conn.execute(insert(Parent).values(id=1))
            conn.execute(insert(Kid), [{"id": 1, "name": "a", "parent_id": 1}, {"id": 2, "name": "b", "parent_id": 1}])
            conn.execute(insert(Owner).values(id=1))
            conn.execute(insert(Pet), [{"id": 1, "name": "a", "owner_id": 1}, {"id": 2, "name": "b", "owner_id": 1}])

    kids_in, kids_expired = expunge_and_expire(lab, Parent, "kids")
    pets_in, pets_expired = expunge_and_expire(lab, Owner, "pets")
    lab.fact("default cascade: children still in the session after expunge(parent)", kids_in)
    lab.fact("default cascade: children's expired attributes after expire(parent)", kids_expired)
    lab.fact("cascade='all': children still in the session after expunge(parent)", pets_in)
    lab.fact("cascade='all': children's expired attributes after expire(parent)", pets_expired)

    return {
        "A": kids_in == [True, True] and kids_expired == [[], []],
        "B": kids_in == [False, False],
        "C": pets_in == [False, False] and all("name" in e for e in pets_expired),
        "D": pets_in == [True, True],
    }


if __name__ == "__main__":
    run_alone(__file__)

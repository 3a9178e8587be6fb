"""An unpickled ORM object is detached and holds exactly what was loaded when it was pickled."""

import pickle

from sqlalchemy import ForeignKey, String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship, selectinload
from sqlalchemy.orm.exc import DetachedInstanceError

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Parent(Base):
    __tablename__ = "parent"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(30))
    kids: Mapped[list["Kid"]] = relationship(back_populates="parent")


class Kid(Base):
    __tablename__ = "kid"
    id: Mapped[int] = mapped_column(primary_key=True)
    parent_id: Mapped[int] = mapped_column(ForeignKey("parent.id"))
    name: Mapped[str] = mapped_column(String(30))
    parent: Mapped[Parent] = relationship(back_populates="kids")


def read(obj: object, attribute: str) -> object:
    """The attribute's value (a collection as its length), or the exception's class name."""
    try:
        value = getattr(obj, attribute)
    except DetachedInstanceError as error:
        return type(error).__name__
    return len(value) if isinstance(value, list) else value


def held(lab: Lab, parent: Parent) -> list[str]:
    """The mapped attributes whose values the object holds (loaded and not expired)."""
    return sorted(set(Parent.__mapper__.attrs.keys()) - lab.state(parent).unloaded)


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)
    with Session(lab.engine) as setup:
        setup.add_all([
            Parent(id=1, name="ada", kids=[Kid(name="a1"), Kid(name="a2")]),
            Parent(id=2, name="bob", kids=[Kid(name="b1"), Kid(name="b2")]),
        ])
        setup.commit()

    with Session(lab.engine) as session:
        ada = session.get(Parent, 1)
        lab.fact("ada's unloaded attributes when pickled", sorted(lab.state(ada).unloaded))
        ada_pickle = pickle.dumps(ada)  # kids never loaded
        bob = session.scalars(select(Parent).where(Parent.id == 2).options(selectinload(Parent.kids))).one()
        bob_pickle = pickle.dumps(bob)
        session.commit()  # expires ada and bob
        lab.fact("ada's expired attributes after commit", sorted(lab.state(ada).expired_attributes))
        expired_pickle = pickle.dumps(ada)

        # Unpickled while the original Session is still open.
        with lab.capture() as sql:
            ada_copy = pickle.loads(ada_pickle)
            bob_copy = pickle.loads(bob_pickle)
            expired_copy = pickle.loads(expired_pickle)
            copy_state = lab.fact("state of the unpickled ada", lab.state(ada_copy))
            lab.fact("ada_copy is the Session's ada", ada_copy is ada)
            lab.fact("ada_copy in the Session", ada_copy in session)
            lab.fact("attributes ada_copy holds", held(lab, ada_copy))
            lab.fact("ada_copy.name", read(ada_copy, "name"))
            ada_kids = lab.attempt("reading ada_copy.kids", lambda: ada_copy.kids)
            bob_kids = lab.fact("number of bob_copy.kids", read(bob_copy, "kids"))
            lab.fact("state of the copy pickled after commit", lab.state(expired_copy))
            lab.fact("attributes expired_copy holds", held(lab, expired_copy))
            lab.fact("identity of expired_copy", lab.state(expired_copy).identity)
            expired_id = lab.attempt("reading expired_copy.id", lambda: expired_copy.id)
            expired_name = lab.attempt("reading expired_copy.name", lambda: expired_copy.name)
        lab.fact("exception class reading expired_copy.name", expired_name.error_class)
        lab.fact("exception classes reading expired_copy.id, .name", [expired_id.error_class, expired_name.error_class])
        sent = lab.fact("statements sent while reading the copies", sql.kinds())

    return {
        "A": expired_name.ok and expired_name.value == "ada",
        "B": copy_state.persistent and ada_copy in session,
        "C": ada_kids.raised(DetachedInstanceError, match="lazy load"),
        "D": bob_kids == 2 and sent == [],
        "E": copy_state.detached and copy_state.identity == (1,),
        "F": expired_name.ok and expired_name.value is None,
    }


if __name__ == "__main__":
    run_alone(__file__)

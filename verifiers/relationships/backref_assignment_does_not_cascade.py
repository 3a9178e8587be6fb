"""Setting child.parent to a persistent parent does not add the child to the Session (no cascade along a backref)."""

import warnings

from sqlalchemy import ForeignKey, func, insert, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship, selectinload

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Parent(Base):
    __tablename__ = "parent"
    id: Mapped[int] = mapped_column(primary_key=True)
    children: Mapped[list["Child"]] = relationship(back_populates="parent")


class Child(Base):
    __tablename__ = "child"
    id: Mapped[int] = mapped_column(primary_key=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("parent.id"))
    parent: Mapped[Parent | None] = relationship(back_populates="children")


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        Base.metadata.create_all(lab.engine)
        with lab.engine.begin() as conn:
            conn.execute(insert(Parent).values(id=1))

    with Session(lab.engine) as session:
        p = session.scalars(select(Parent).options(selectinload(Parent.children))).one()  # children loaded (empty)
        child = Child(id=10)
        child.parent = p                                       # the many-to-one side
        in_collection = lab.fact("child in p.children", child in p.children)
        in_session = lab.fact("child in session after child.parent = p", child in session)
        with warnings.catch_warnings(record=True) as caught, lab.capture() as committing:
            warnings.simplefilter("always")
            session.commit()
        said = lab.fact("warnings at the commit", [f"{w.category.__name__}: {str(w.message)[:120]}" for w in caught])
        lab.fact("INSERTs the commit sent", committing.count("INSERT"))

        other = Child(id=11)
        p.children.append(other)                               # the one-to-many side
        appended_in_session = lab.fact("other in session after p.children.append(other)", other in session)
        session.commit()

    with lab.other_connection() as conn:
        stored = lab.fact("child ids stored", conn.scalars(select(Child.id).order_by(Child.id)).all())

    warned = any(s.startswith("SAWarning: ") and "not in session" in s and "will not proceed" in s for s in said)
    return {
        "A": in_collection and not in_session and warned and 10 not in stored,
        "B": in_session,
        "C": 10 in stored,
        "D": appended_in_session and 11 in stored,
    }


if __name__ == "__main__":
    run_alone(__file__)

"""Two relationships over one foreign key without back_populates: a warning, and sides out of step until a flush."""

import warnings

from sqlalchemy import ForeignKey, insert, inspect, select
from sqlalchemy.exc import SAWarning
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship, selectinload

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Parent(Base):
    __tablename__ = "parent"
    id: Mapped[int] = mapped_column(primary_key=True)
    children: Mapped[list["Child"]] = relationship()         # no back_populates


class Child(Base):
    __tablename__ = "child"
    id: Mapped[int] = mapped_column(primary_key=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("parent.id"))
    parent: Mapped[Parent | None] = relationship()          # no back_populates


def prove(lab: Lab) -> dict[str, bool]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        configured = lab.attempt("Base.registry.configure()", Base.registry.configure)
    said = lab.fact("warnings while configuring", [f"{w.category.__name__}: {str(w.message)[:120]}" for w in caught])
    overlaps = [str(w.message) for w in caught if w.category is SAWarning
                and "relationship 'Child.parent' will copy column parent.id to column child.parent_id, "
                    "which conflicts with relationship(s): 'Parent.children'" in str(w.message)]
    lab.fact("the warning names back_populates and overlaps= as the fixes",
             len(overlaps) == 1 and "back_populates" in overlaps[0] and 'overlaps="children"' in overlaps[0])

    with lab.setup():
        Base.metadata.create_all(lab.engine)
        with lab.engine.begin() as conn:
            conn.execute(insert(Parent).values(id=1))

    with Session(lab.engine) as session:
        p = session.scalars(select(Parent).options(selectinload(Parent.children))).one()
        c = Child(id=10)
        p.children.append(c)
        before = lab.fact("c.parent after the append, before a flush", repr(c.parent))
        lab.fact("reading c.parent at (1) stored a value in the object's state", "parent" in inspect(c).dict)
        with lab.capture() as flushing:
            session.flush()
        lab.fact("the flush's INSERT into child: values", [s.values for s in flushing.of_kind("INSERT")
                                                           if s.mentions("child")])
        with lab.capture() as reading:
            after = c.parent
        after_is_p = lab.fact("c.parent is p after the flush", after is p)
        sent = lab.fact("statements sent reading c.parent after the flush", reading.kinds())
        session.rollback()

    return {
        "A": configured.ok and len(overlaps) == 1,
        "B": not configured.ok,
        "C": before == "None" and after_is_p and sent == [],
        "D": before == "None" and after is None,
        "E": configured.ok and said == [],
    }


if __name__ == "__main__":
    run_alone(__file__)

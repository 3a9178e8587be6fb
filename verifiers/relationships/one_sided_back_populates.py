"""back_populates named on one side only: mapping is accepted, and syncing works in that direction alone."""

import warnings

from sqlalchemy import ForeignKey
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship, Session

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
    parent: Mapped[Parent | None] = relationship()  # names nothing back


def prove(lab: Lab) -> dict[str, bool]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        configured = lab.attempt("Base.registry.configure()", Base.registry.configure)
    warned = lab.fact("warnings while configuring", [str(w.message)[:80] for w in caught])

    with lab.capture():
        Base.metadata.create_all(lab.engine)

    p, c = Parent(), Child()
    p.children.append(c)
    child_side = lab.fact("after p.children.append(c): c.parent is p", c.parent is p)

    p2, c2 = Parent(), Child()
    c2.parent = p2
    parent_side = lab.fact("after c2.parent = p2: c2 in p2.children", c2 in p2.children)

    # What brings p2.children in step: the read above stored nothing, so the first read after a flush loads it.
    lab.fact("p2.children stored on p2 after the read before the flush", "children" in p2.__dict__)
    with Session(lab.engine) as session:
        session.add_all([p2, c2])
        session.flush()
        lab.fact("after a flush: c2 in p2.children", c2 in p2.children)
        session.rollback()

    return {
        "A": configured.ok and child_side and parent_side,
        "B": not configured.ok,
        "C": configured.ok and warned == [] and child_side and not parent_side,
        "D": configured.ok and bool(warned),
        "E": configured.ok and not child_side and not parent_side,
    }


if __name__ == "__main__":
    run_alone(__file__)

"""session.delete() of a child does not take it out of a loaded collection; only a reload (after expiry) does."""

from typing import Optional

from sqlalchemy import ForeignKey, String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Parent(Base):
    __tablename__ = "parent"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    children: Mapped[list["Child"]] = relationship(back_populates="parent")


class Child(Base):
    __tablename__ = "child"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    parent_id: Mapped[Optional[int]] = mapped_column(ForeignKey("parent.id"))
    parent: Mapped[Optional[Parent]] = relationship(back_populates="children")


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)
    with Session(lab.engine) as session:
        session.add(Parent(name="p", children=[Child(name="a"), Child(name="b")]))
        session.commit()

    with Session(lab.engine) as session:
        p = session.scalars(select(Parent)).one()
        lab.fact("names in p.children once loaded", sorted(c.name for c in p.children))
        b = next(c for c in p.children if c.name == "b")

        session.delete(b)
        before_flush = lab.fact("names in p.children after session.delete(b), before the flush", sorted(c.name for c in p.children))

        with lab.capture() as flushing:
            flushed = lab.attempt("session.flush()", session.flush)
        flush_kinds = lab.fact("statements the flush sent", flushing.queries.kinds())
        after_flush = lab.fact("names in p.children after the flush", sorted(c.name for c in p.children))
        b_in_list = lab.fact("b is still an element of p.children after the flush", any(c is b for c in p.children))
        b_state = lab.fact("state of b after the flush", lab.state(b))

        session.commit()
        with lab.capture() as reloading:
            after_commit = lab.fact("names in p.children after the commit", sorted(c.name for c in p.children))
        reload_kinds = lab.fact("statements sent by reading p.children after the commit", reloading.queries.kinds())

    return {
        "A": before_flush == ["a"],
        "B": flushed.ok and after_flush == ["a", "b"] and b_in_list and b_state.deleted,
        "C": flushed.ok and after_flush == ["a"],
        "D": after_commit == ["a"] and reload_kinds.count("SELECT") >= 1,
        "E": not flushed.ok,
        "F": flush_kinds[:1] == ["UPDATE"],
    }


if __name__ == "__main__":
    run_alone(__file__)

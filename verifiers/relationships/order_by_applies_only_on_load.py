"""A relationship's order_by sorts the collection when it is loaded, never the Python list in between."""

import re
from typing import Optional

from sqlalchemy import ForeignKey, String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship, selectinload

from verifiers import Capture, Lab, run_alone


class Base(DeclarativeBase):
    pass


class Parent(Base):
    __tablename__ = "parent"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    name: Mapped[str] = mapped_column(String(50))
    children: Mapped[list["Child"]] = relationship(order_by="Child.name")


class Child(Base):
    __tablename__ = "child"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    parent_id: Mapped[Optional[int]] = mapped_column(ForeignKey("parent.id"))


def ordered_selects(sent: Capture) -> list[bool]:
    """For each SELECT of `child` sent, whether it has an ORDER BY clause."""
    return [re.search(r"\bORDER\s+BY\b", s.sql, re.I) is not None for s in sent.of_kind("SELECT").mentioning("child")]


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)
    with Session(lab.engine) as setup:
        # Stored in the order c, b: a sorted result cannot come from insertion order.
        setup.add(Parent(id=1, name="p", children=[Child(name="c"), Child(name="b")]))
        setup.commit()

    with Session(lab.engine) as session:
        p = session.get(Parent, 1)
        with lab.capture() as first_load:
            loaded = lab.fact("p.children as first loaded", [k.name for k in p.children])
        first_ordered = lab.fact("child SELECTs of the first load have ORDER BY", ordered_selects(first_load))

        p.children.append(Child(name="a"))
        after_append = lab.fact("p.children right after append(a)", [k.name for k in p.children])
        session.flush()
        after_flush = lab.fact("p.children after session.flush()", [k.name for k in p.children])
        session.commit()

        with lab.capture() as reload:
            after_commit = lab.fact("p.children read after commit", [k.name for k in p.children])
        reload_ordered = lab.fact("child SELECTs of the reload have ORDER BY", ordered_selects(reload))

    # The eager loaders use the same order_by.
    with Session(lab.engine) as session:
        with lab.capture() as eager:
            eager_parent = session.scalars(select(Parent).options(selectinload(Parent.children))).one()
        lab.fact(
            "selectinload: children / its child SELECT has ORDER BY",
            [[k.name for k in eager_parent.children], ordered_selects(eager)],
        )

    return {
        "A": after_append == ["b", "c", "a"],
        "B": after_append == ["a", "b", "c"],
        "C": after_flush == ["a", "b", "c"],
        "D": after_commit == ["a", "b", "c"] and reload_ordered == [True],
        "E": not any(first_ordered) and loaded == ["c", "b"],
    }


if __name__ == "__main__":
    run_alone(__file__)

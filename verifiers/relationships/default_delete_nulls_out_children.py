"""Deleting a parent under the default cascade sets its children's foreign key to NULL; delete cascade removes them."""

import re
from typing import Optional

from sqlalchemy import ForeignKey, String, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship

from verifiers import Capture, Lab, Statement, run_alone


class Base(DeclarativeBase):
    pass


# The default cascade ("save-update, merge"): no delete.
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


# The same shape, with the children owned by their parent.
class CascadeParent(Base):
    __tablename__ = "cascade_parent"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    children: Mapped[list["CascadeChild"]] = relationship(back_populates="parent", cascade="all, delete-orphan")


class CascadeChild(Base):
    __tablename__ = "cascade_child"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    parent_id: Mapped[Optional[int]] = mapped_column(ForeignKey("cascade_parent.id"))
    parent: Mapped[Optional[CascadeParent]] = relationship(back_populates="children")


def written_table(statement: Statement) -> str:
    """The table an UPDATE or DELETE statement writes to."""
    match = re.match(r"\s*(?:UPDATE|DELETE\s+FROM)\s+[`\"]?(\w+)", statement.sql, re.I)
    return match.group(1).lower() if match else "?"


def delete_the_parent(lab: Lab, parent_class: type, label: str) -> tuple[Capture, str | None]:
    """Load the parent alone (children not loaded), delete it, flush; commit if the flush worked.

    Returns what was sent from session.delete() to the end of the flush, and the error's class name if any.
    """
    with Session(lab.engine) as session:
        parent = session.scalars(select(parent_class)).one()
        lab.fact(f"{label}: children loaded before delete", "children" not in lab.state(parent).unloaded)
        error = None
        with lab.capture() as sent:
            with lab.capture() as at_delete:
                session.delete(parent)
            with lab.capture() as at_flush:
                try:
                    session.flush()
                except IntegrityError as exc:
                    error = type(exc).__name__
        if error is None:
            session.commit()
        else:
            session.rollback()
    # With a delete cascade, session.delete() itself loads the children to cascade to them;
    # without one, the flush loads them to null out their foreign key.
    lab.fact(f"{label}: statements session.delete() sent", at_delete.queries.kinds())
    lab.fact(f"{label}: statements the flush sent", at_flush.queries.kinds())
    lab.fact(f"{label}: exception raised by the flush", error)
    lab.fact(f"{label}: tables written, in order", [written_table(s) for s in sent.of_kind("UPDATE", "DELETE")])
    return sent, error


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)
    with Session(lab.engine) as session:
        session.add(Parent(name="p", children=[Child(name="a"), Child(name="b")]))
        session.add(CascadeParent(name="p", children=[CascadeChild(name="a"), CascadeChild(name="b")]))
        session.commit()

    default, default_error = delete_the_parent(lab, Parent, "default cascade")
    cascade, cascade_error = delete_the_parent(lab, CascadeParent, "all, delete-orphan")

    with lab.other_connection() as other:
        child_fks = lab.fact("child.parent_id after commit", [tuple(row) for row in other.execute(select(Child.name, Child.parent_id).order_by(Child.name))])
        parents_left = lab.fact("parent rows after commit", len(other.execute(select(Parent.id)).all()))
        cascade_children = lab.fact("cascade_child rows after commit", len(other.execute(select(CascadeChild.id)).all()))

    default_writes = [written_table(s) for s in default.of_kind("UPDATE", "DELETE")]
    child_update = default.of_kind("UPDATE")
    cascade_writes = [written_table(s) for s in cascade.of_kind("UPDATE", "DELETE")]

    return {
        "A": default_error is None
        and default.queries.kinds() == ["SELECT", "UPDATE", "DELETE"]
        and default_writes == ["child", "parent"]
        and parents_left == 0
        and [fk for _, fk in child_fks] == [None, None],
        "B": "child" in [written_table(s) for s in default.of_kind("DELETE")] or len(child_fks) < 2,
        "C": default_error == "IntegrityError",
        "D": len(child_update) == 0 and all(fk is not None for _, fk in child_fks),
        "E": cascade_error is None
        and cascade.queries.kinds() == ["SELECT", "DELETE", "DELETE"]
        and cascade_writes == ["cascade_child", "cascade_parent"]
        and cascade_children == 0,
    }


if __name__ == "__main__":
    run_alone(__file__)

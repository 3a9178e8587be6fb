"""Deleting a parent under the default cascade sets its children's foreign key to NULL; delete cascade removes them."""

import re
from typing import Optional

from sqlalchemy import ForeignKey, String, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship

from verifiers import Attempt, Capture, Lab, Statement, run_alone


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


# The default cascade again, but the children's foreign key is NOT NULL.
class StrictParent(Base):
    __tablename__ = "strict_parent"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    children: Mapped[list["StrictChild"]] = relationship(back_populates="parent")


class StrictChild(Base):
    __tablename__ = "strict_child"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    parent_id: Mapped[int] = mapped_column(ForeignKey("strict_parent.id"))
    parent: Mapped[StrictParent] = relationship(back_populates="children")


def written_table(statement: Statement) -> str:
    """The table an UPDATE or DELETE statement writes to."""
    match = re.match(r"\s*(?:UPDATE|DELETE\s+FROM)\s+[`\"]?(\w+)", statement.sql, re.I)
    return match.group(1).lower() if match else "?"


def delete_the_parent(lab: Lab, parent_class: type, label: str) -> tuple[Capture, Attempt, list[str]]:
    """Load the parent alone (children not loaded), delete it, flush; commit if the flush worked.

    Returns what was sent from session.delete() to the end of the flush, the flush's Attempt, and
    the kinds of the statements session.delete() itself sent.
    """
    with Session(lab.engine) as session:
        parent = session.scalars(select(parent_class)).one()
        lab.fact(f"{label}: children loaded before delete", "children" not in lab.state(parent).unloaded)
        with lab.capture() as sent:
            with lab.capture() as at_delete:
                session.delete(parent)
            with lab.capture() as at_flush:
                flushing = lab.attempt(f"{label}: session.flush()", session.flush)
        if flushing.ok:
            session.commit()
        else:
            session.rollback()
    # With a delete cascade, session.delete() itself loads the children to cascade to them;
    # without one, the flush loads them to null out their foreign key.
    lab.fact(f"{label}: statements session.delete() sent", at_delete.queries.kinds())
    lab.fact(f"{label}: statements the flush sent", at_flush.queries.kinds())
    lab.fact(f"{label}: tables written, in order", [written_table(s) for s in sent.of_kind("UPDATE", "DELETE")])
    return sent, flushing, at_delete.queries.kinds()


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)
    with Session(lab.engine) as session:
        session.add(Parent(name="p", children=[Child(name="a"), Child(name="b")]))
        session.add(CascadeParent(name="p", children=[CascadeChild(name="a"), CascadeChild(name="b")]))
        session.add(StrictParent(name="p", children=[StrictChild(name="a"), StrictChild(name="b")]))
        session.commit()

    default, default_error, default_at_delete = delete_the_parent(lab, Parent, "default cascade")
    cascade, cascade_error, cascade_at_delete = delete_the_parent(lab, CascadeParent, "all, delete-orphan")
    strict, strict_error, _ = delete_the_parent(lab, StrictParent, "default cascade, NOT NULL parent_id")
    lab.fact(
        "NOT NULL parent_id: the flush raised IntegrityError on its UPDATE of strict_child",
        strict_error.raised(IntegrityError)
        and [(s.kind, written_table(s)) for s in strict.of_kind("UPDATE", "DELETE")] == [("UPDATE", "strict_child")],
    )

    with lab.other_connection() as other:
        child_fks = lab.fact("child.parent_id after commit", [tuple(row) for row in other.execute(select(Child.name, Child.parent_id).order_by(Child.name))])
        parents_left = lab.fact("parent rows after commit", len(other.execute(select(Parent.id)).all()))
        cascade_children = lab.fact("cascade_child rows after commit", len(other.execute(select(CascadeChild.id)).all()))

    lab.fact("default cascade: the UPDATE of child is an executemany", [s.executemany for s in default.of_kind("UPDATE")])
    lab.fact("default cascade: what session.delete() itself sent", default_at_delete)
    lab.fact("delete cascade: what session.delete() itself sent", cascade_at_delete)
    default_writes = [written_table(s) for s in default.of_kind("UPDATE", "DELETE")]
    child_update = default.of_kind("UPDATE")
    cascade_writes = [written_table(s) for s in cascade.of_kind("UPDATE", "DELETE")]

    return {
        "A": default_error.raised(IntegrityError),
        "B": "child" in [written_table(s) for s in default.of_kind("DELETE")] or len(child_fks) < 2,
        "C": default_error.ok
        and default.queries.kinds() == ["SELECT", "UPDATE", "DELETE"]
        and default_writes == ["child", "parent"]
        and parents_left == 0
        and [fk for _, fk in child_fks] == [None, None],
        "D": len(child_update) == 0 and all(fk is not None for _, fk in child_fks),
        "E": cascade_error.ok
        and cascade.queries.kinds() == ["SELECT", "DELETE", "DELETE"]
        and cascade_writes == ["cascade_child", "cascade_parent"]
        and cascade_children == 0,
    }


if __name__ == "__main__":
    run_alone(__file__)

"""delete-orphan notices `child.parent = None` only when the old parent was loaded; otherwise the row is just de-linked."""

import re
from typing import Optional

from sqlalchemy import ForeignKey, String, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship

from verifiers import Capture, Lab, Statement, run_alone


class Base(DeclarativeBase):
    pass


class Parent(Base):
    __tablename__ = "parent"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    children: Mapped[list["Child"]] = relationship(back_populates="parent", cascade="all, delete-orphan")


class Child(Base):
    __tablename__ = "child"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    parent_id: Mapped[Optional[int]] = mapped_column(ForeignKey("parent.id"))
    parent: Mapped[Optional[Parent]] = relationship(back_populates="children")


def written_table(statement: Statement) -> str:
    """The table an UPDATE or DELETE statement writes to."""
    match = re.match(r"\s*(?:UPDATE|DELETE\s+FROM)\s+[`\"]?(\w+)", statement.sql, re.I)
    return match.group(1).lower() if match else "?"


def detach_child(lab: Lab, name: str, read_parent_first: bool) -> tuple[Capture, str | None]:
    """In a fresh session, load the child alone, optionally read child.parent, set it to None, flush, commit."""
    label = f"{name} ({'parent read first' if read_parent_first else 'parent never read'})"
    with Session(lab.engine) as session:
        child = session.scalars(select(Child).where(Child.name == name)).one()
        if read_parent_first:
            lab.fact(f"{label}: parent read before the change", child.parent.name)
        lab.fact(f"{label}: child.parent loaded before the change", "parent" not in lab.state(child).unloaded)
        with lab.capture() as assigning:
            child.parent = None
        lab.fact(f"{label}: statements sent by the assignment", assigning.kinds())
        if not read_parent_first:
            lab.fact("never-read: statements sent by `child.parent = None`", assigning.kinds())
        error = None
        with lab.capture() as flushed:
            try:
                session.flush()
            except SQLAlchemyError as exc:
                error = type(exc).__name__
        if error is None:
            session.commit()
        else:
            session.rollback()
    lab.fact(f"{label}: statements the flush sent", [f"{s.kind} {written_table(s)}" for s in flushed.queries])
    lab.fact(f"{label}: exception raised by the flush", error)
    return flushed, error


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)
    with Session(lab.engine) as session:
        session.add(Parent(name="p", children=[Child(name="never-read"), Child(name="read-first")]))
        session.commit()

    unread, unread_error = detach_child(lab, "never-read", read_parent_first=False)
    read, read_error = detach_child(lab, "read-first", read_parent_first=True)

    with lab.other_connection() as other:
        rows = lab.fact("child rows after both commits (name, parent_id)", {name: fk for name, fk in other.execute(select(Child.name, Child.parent_id))})

    unread_writes = [(s.kind, written_table(s)) for s in unread.of_kind("UPDATE", "DELETE")]
    read_writes = [(s.kind, written_table(s)) for s in read.of_kind("UPDATE", "DELETE")]

    return {
        "A": ("DELETE", "child") in unread_writes and "never-read" not in rows,
        "B": unread_error is None and unread_writes == [("UPDATE", "child")] and "never-read" in rows and rows["never-read"] is None,
        "C": read_error is None and read_writes == [("DELETE", "child")] and "read-first" not in rows,
        "D": unread_error is not None and read_error is not None,
        "E": read_writes[:1] == [("UPDATE", "child")] and ("DELETE", "child") in read_writes,
    }


if __name__ == "__main__":
    run_alone(__file__)

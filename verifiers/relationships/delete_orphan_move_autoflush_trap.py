"""Moving a child between parents under delete-orphan: an autoflush in the middle deletes it as an orphan."""

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Optional

from sqlalchemy import ForeignKey, String, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship

from verifiers import Capture, Lab, Statement, run_alone


class Base(DeclarativeBase):
    pass


class Parent(Base):
    __tablename__ = "parent"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    name: Mapped[str] = mapped_column(String(50))
    children: Mapped[list["Child"]] = relationship(back_populates="parent", cascade="all, delete-orphan")


class Child(Base):
    __tablename__ = "child"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    name: Mapped[str] = mapped_column(String(50))
    parent_id: Mapped[Optional[int]] = mapped_column(ForeignKey("parent.id"))
    parent: Mapped[Optional[Parent]] = relationship(back_populates="children")


@dataclass
class Move:
    sent: Capture
    error: str | None
    message: str
    raised_during: str | None  # "the move" or "the commit"


def statement_label(statement: Statement) -> str:
    match = re.match(r"\s*(?:SELECT\b.*?\bFROM|UPDATE|DELETE\s+FROM|INSERT\s+INTO)\s+[`\"]?(\w+)", statement.sql, re.I | re.S)
    return f"{statement.kind} {match.group(1).lower() if match else '?'}"


def move_child(lab: Lab, old_id: int, new_id: int, label: str, move: Callable[[Session, Parent, Parent, Child], None]) -> Move:
    """Load both parents and the old parent's children (the new parent's stay unloaded), move the child, commit."""
    with Session(lab.engine) as session:
        old, new = session.get(Parent, old_id), session.get(Parent, new_id)
        child = old.children[0]
        lab.fact(f"{label}: new parent's children loaded before the move", "children" not in lab.state(new).unloaded)
        error, message, during = None, "", None
        with lab.capture() as sent:
            try:
                during = "the move"
                move(session, old, new, child)
                during = "the commit"
                session.commit()
                during = None
            except SQLAlchemyError as exc:
                error, message = type(exc).__name__, str(exc)
                session.rollback()
    lab.fact(f"{label}: statements sent", [statement_label(s) for s in sent.queries])
    lab.fact(f"{label}: exception", f"{error} during {during}: {message[:90]}" if error else None)
    return Move(sent, error, message, during)


def remove_then_append(session: Session, old: Parent, new: Parent, child: Child) -> None:
    old.children.remove(child)
    new.children.append(child)


def assign_parent(session: Session, old: Parent, new: Parent, child: Child) -> None:
    child.parent = new


def remove_then_append_without_autoflush(session: Session, old: Parent, new: Parent, child: Child) -> None:
    with session.no_autoflush:
        old.children.remove(child)
        new.children.append(child)


def load_new_children_first(session: Session, old: Parent, new: Parent, child: Child) -> None:
    new.children  # noqa: B018 - loaded before the child is orphaned, so the append needs no autoflush
    old.children.remove(child)
    new.children.append(child)


def moved_with_one_update(move: Move, child_parent: int | None, new_id: int) -> bool:
    writes = move.sent.of_kind("INSERT", "UPDATE", "DELETE")
    return move.error is None and [statement_label(s) for s in writes] == ["UPDATE child"] and child_parent == new_id


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)
    with Session(lab.engine) as setup:
        # Three separate pairs of parents, one per way of moving; each "mover" starts under the odd parent.
        for n in (1, 3, 5, 7):
            setup.add(Parent(id=n, name=f"p{n}", children=[Child(id=n, name=f"mover{n}")]))
            setup.add(Parent(id=n + 1, name=f"p{n + 1}", children=[Child(id=n + 1, name=f"stays{n + 1}")]))
        setup.commit()

    plain = move_child(lab, 1, 2, "remove() then append()", remove_then_append)
    assigned = move_child(lab, 3, 4, "child.parent = new", assign_parent)
    guarded = move_child(lab, 5, 6, "remove() then append() under no_autoflush", remove_then_append_without_autoflush)
    preloaded = move_child(lab, 7, 8, "new.children loaded, then remove() and append()", load_new_children_first)

    with lab.other_connection() as other:
        parent_of = lab.fact("parent_id of each mover after all three", {name: pid for name, pid in other.execute(select(Child.name, Child.parent_id)) if name.startswith("mover")})

    plain_kinds = [statement_label(s) for s in plain.sent.queries]
    lab.fact("parent_id of the first mover after the failed move", parent_of.get("mover1"))
    lab.fact("under no_autoflush: statements sent", [statement_label(s) for s in guarded.sent.queries])
    lab.fact(
        "loading new.children first: moved with one UPDATE", moved_with_one_update(preloaded, parent_of.get("mover7"), 8)
    )

    return {
        "A": moved_with_one_update(plain, parent_of.get("mover1"), 2),
        "B": plain.error == "InvalidRequestError"
        and plain.raised_during == "the move"
        and "has been deleted" in plain.message
        and plain_kinds[:1] == ["DELETE child"]
        and "SELECT child" in plain_kinds,
        "C": "INSERT child" in plain_kinds,
        "D": plain.error is not None and plain.raised_during == "the commit",
        "E": moved_with_one_update(assigned, parent_of.get("mover3"), 4),
        "F": moved_with_one_update(guarded, parent_of.get("mover5"), 6),
    }


if __name__ == "__main__":
    run_alone(__file__)

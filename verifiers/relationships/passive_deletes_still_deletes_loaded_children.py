"""passive_deletes=True skips loading unloaded children, yet children already in the session are still DELETEd by the ORM."""

from typing import Optional

from sqlalchemy import ForeignKey, String, func, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship

from verifiers import Capture, Lab, run_alone


class Base(DeclarativeBase):
    pass


class Parent(Base):
    __tablename__ = "parent"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    children: Mapped[list["Child"]] = relationship(cascade="all, delete-orphan", passive_deletes=True)


class Child(Base):
    __tablename__ = "child"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    parent_id: Mapped[Optional[int]] = mapped_column(ForeignKey("parent.id", ondelete="CASCADE"))


# passive_deletes=True, but the foreign key has no ON DELETE clause.
class PlainParent(Base):
    __tablename__ = "plain_parent"
    id: Mapped[int] = mapped_column(primary_key=True)
    children: Mapped[list["PlainChild"]] = relationship(cascade="all, delete-orphan", passive_deletes=True)


class PlainChild(Base):
    __tablename__ = "plain_child"
    id: Mapped[int] = mapped_column(primary_key=True)
    parent_id: Mapped[Optional[int]] = mapped_column(ForeignKey("plain_parent.id"))


def delete_parent(lab: Lab, name: str, load_children: bool) -> Capture:
    """Load one parent, optionally read its children, delete it and commit; returns what was sent from delete() on."""
    with Session(lab.engine) as session:
        parent = session.scalars(select(Parent).where(Parent.name == name)).one()
        if load_children:
            lab.fact(f"{name}: children read before the delete", len(parent.children))
        with lab.capture() as sent:
            session.delete(parent)
            session.commit()
    lab.fact(f"{name}: statements from delete() through commit", sent.queries.kinds())
    return sent.queries


def children_left(lab: Lab, name: str) -> int:
    with lab.other_connection() as other:
        count = other.execute(select(func.count()).select_from(Child).where(Child.name.like(f"{name}-%"))).scalar_one()
    return lab.fact(f"{name}: its child rows left afterwards", count)


def prove(lab: Lab) -> dict[str, bool]:
    with lab.capture() as ddl:
        Base.metadata.create_all(lab.engine)
    creates = {s.sql.split("(")[0].split()[-1].strip('`"'): s.sql.upper() for s in ddl.of_kind("CREATE TABLE")}
    child_on_delete = lab.fact("CREATE TABLE child says ON DELETE CASCADE", "ON DELETE CASCADE" in creates.get("child", ""))
    plain_on_delete = lab.fact("CREATE TABLE plain_child says ON DELETE CASCADE", "ON DELETE CASCADE" in creates.get("plain_child", ""))

    with Session(lab.engine) as session:
        for name in ("unloaded", "loaded"):
            session.add(Parent(name=name, children=[Child(name=f"{name}-a"), Child(name=f"{name}-b")]))
        session.commit()

    unloaded = delete_parent(lab, "unloaded", load_children=False)
    unloaded_left = children_left(lab, "unloaded")
    loaded = delete_parent(lab, "loaded", load_children=True)
    loaded_left = children_left(lab, "loaded")
    child_deletes = loaded.of_kind("DELETE").mentioning("child")
    lab.fact("loaded: DELETEs on child (executemany, parameter sets)",
             [(s.executemany, len(s.parameters) if s.executemany else 1) for s in child_deletes])

    return {
        "A": unloaded.count("SELECT") > 0,
        "B": unloaded.kinds() == ["DELETE"] and unloaded_left == 0,
        "C": loaded.kinds() == ["DELETE", "DELETE"] and loaded[0].mentions("child") and len(child_deletes) == 1 and loaded_left == 0,
        "D": loaded.kinds() == ["DELETE"],
        # Compared with `child`, whose DDL does carry the clause, so a DDL that was not captured cannot pass for "absent".
        "E": plain_on_delete == child_on_delete,
    }


if __name__ == "__main__":
    run_alone(__file__)

"""Assigning a new list to a collection is diffed against the old one: only removed and added members are written."""

from typing import Optional

from sqlalchemy import ForeignKey, String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship

from verifiers import Lab, Statement, run_alone


class Base(DeclarativeBase):
    pass


class Parent(Base):
    __tablename__ = "parent"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    children: Mapped[list["Child"]] = relationship()


class Child(Base):
    __tablename__ = "child"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    parent_id: Mapped[Optional[int]] = mapped_column(ForeignKey("parent.id"))


def parameter_sets(statement: Statement) -> list:
    """The parameter sets one execution carried: several for an executemany, else one."""
    return list(statement.parameters) if statement.executemany else [statement.parameters]


def ids_bound(statement: Statement, ids: dict[str, int]) -> list[str]:
    """Which of the named children an UPDATE's parameter sets target, by their primary key value."""
    by_id = {v: k for k, v in ids.items()}
    found = []
    for params in parameter_sets(statement):
        values = params.values() if isinstance(params, dict) else params
        found += [by_id[v] for v in values if v in by_id and v is not None]
    return found


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)
    with Session(lab.engine) as session:
        session.add(Parent(id=1, name="p", children=[Child(id=11, name="a"), Child(id=12, name="b"), Child(id=13, name="c")]))
        session.add(Parent(id=2, name="q", children=[Child(id=21, name="x"), Child(id=22, name="y")]))
        session.commit()
    ids = {"a": 11, "b": 12, "c": 13}

    with Session(lab.engine) as session:
        p = session.get(Parent, 1)
        a, b, c = (session.get(Child, i) for i in (11, 12, 13))
        lab.fact("p.children before", [k.name for k in p.children])
        with lab.capture() as assigning:
            p.children = [b, Child(name="d")]
        assign_kinds = lab.fact("statements sent by the assignment", assigning.kinds())
        with lab.capture() as flushed:
            session.flush()
        flush_kinds = lab.fact("statements the flush sent", flushed.queries.kinds())
        updates = flushed.of_kind("UPDATE")
        updated = lab.fact("children the UPDATEs target", sorted(n for s in updates for n in ids_bound(s, ids)))
        lab.fact("UPDATE executions (executemany, parameter sets)", [(s.executemany, len(parameter_sets(s))) for s in updates])
        in_memory = lab.fact("parent_id in Python after the flush (a, b, c)", [a.parent_id, b.parent_id, c.parent_id])
        session.commit()

    # The same assignment when the collection had not been loaded yet.
    with Session(lab.engine) as session:
        q = session.get(Parent, 2)
        y = session.get(Child, 22)
        with lab.capture() as assigning_unloaded:
            q.children = [y]
        unloaded_kinds = lab.fact("statements sent by assigning to q.children while it was unloaded", assigning_unloaded.kinds())
        with lab.capture() as flushed_unloaded:
            session.commit()
        lab.fact("statements its commit sent", flushed_unloaded.queries.kinds())

    with lab.other_connection() as other:
        rows = lab.fact("(name, parent_id) rows afterwards",
                        dict(tuple(r) for r in other.execute(select(Child.name, Child.parent_id).order_by(Child.name))))

    return {
        "A": flush_kinds == ["UPDATE", "INSERT"] and updated == ["a", "c"]
        and rows["a"] is None and rows["c"] is None and rows["b"] == 1 and rows["d"] == 1,
        "B": "b" in updated,
        "C": flushed.count("DELETE") > 0 or "a" not in rows or "c" not in rows,
        "D": assign_kinds == [] and in_memory == [None, 1, None],
        "E": unloaded_kinds.count("SELECT") == 1 and rows["x"] is None and rows["y"] == 2,
    }


if __name__ == "__main__":
    run_alone(__file__)

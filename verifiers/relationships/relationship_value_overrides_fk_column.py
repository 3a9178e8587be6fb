"""When a many-to-one and its foreign key column are both set before a flush, the relationship decides the row."""

from typing import Optional

from sqlalchemy import ForeignKey, String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Parent(Base):
    __tablename__ = "parent"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    name: Mapped[str] = mapped_column(String(50))
    children: Mapped[list["Child"]] = relationship(back_populates="parent")


class Child(Base):
    __tablename__ = "child"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    name: Mapped[str] = mapped_column(String(50))
    parent_id: Mapped[Optional[int]] = mapped_column(ForeignKey("parent.id"))
    parent: Mapped[Optional[Parent]] = relationship(back_populates="children")


def stored_parent_ids(lab: Lab) -> dict[str, int | None]:
    with lab.other_connection() as other:
        return {name: parent_id for name, parent_id in other.execute(select(Child.name, Child.parent_id))}


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)
    with Session(lab.engine) as setup:
        setup.add_all([Parent(id=1, name="p1"), Parent(id=2, name="p2")])
        setup.add_all([Child(id=1, name="a"), Child(id=2, name="b"), Child(id=3, name="c")])
        setup.commit()

    with Session(lab.engine) as session:
        p1, p2 = session.get(Parent, 1), session.get(Parent, 2)
        a, b, c = session.get(Child, 1), session.get(Child, 2), session.get(Child, 3)

        a.parent = p1
        a.parent_id = p2.id  # the column is assigned last
        lab.fact("a.parent_id read back before the flush", a.parent_id)
        b.parent_id = p2.id
        b.parent = p1  # the relationship is assigned last
        c.parent_id = p2.id  # only the column

        with lab.capture() as flushed:
            flushing = lab.attempt("session.flush()", session.flush)
        error = flushing.error_class
        in_memory = lab.fact("parent_id in Python after the flush (a, b, c)", (a.parent_id, b.parent_id, c.parent_id))
        if error is None:
            session.commit()
        else:
            session.rollback()

    updates = flushed.of_kind("UPDATE")
    lab.fact("statements the flush sent", [f"{s.kind}{' (executemany)' if s.executemany else ''}" for s in flushed.queries])
    # Each parameter set of the UPDATE targets one child row; count how often each row is written.
    parameter_sets = [p for s in updates for p in (s.parameters if s.executemany else [s.parameters])]
    rows_written = lab.fact("UPDATE parameter sets sent by the flush", len(parameter_sets))
    lab.fact("UPDATE statements the flush sent", len(updates))
    stored = lab.fact("parent_id stored per child, seen by another connection", stored_parent_ids(lab))

    return {
        "A": stored.get("a") == 2,
        "B": error is None and stored.get("a") == 1 and stored.get("b") == 1,
        "C": error is not None,
        "D": stored.get("c") == 2,
        "E": rows_written > 3,
        "F": error is None and in_memory[0] == 2,
    }


if __name__ == "__main__":
    run_alone(__file__)

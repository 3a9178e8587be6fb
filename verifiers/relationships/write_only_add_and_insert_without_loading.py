"""A write-only collection adds and bulk-inserts children without ever loading the existing ones."""

from typing import Optional

from sqlalchemy import ForeignKey, String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, WriteOnlyMapped, mapped_column, relationship

from verifiers import Lab, Statement, run_alone


class Base(DeclarativeBase):
    pass


class Parent(Base):
    __tablename__ = "parent"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    children: WriteOnlyMapped["Child"] = relationship()


class Child(Base):
    __tablename__ = "child"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    parent_id: Mapped[Optional[int]] = mapped_column(ForeignKey("parent.id"))


def rows_sent(statement: Statement) -> int:
    """How many rows one INSERT carried: one per parameter set when it ran as an executemany."""
    return len(statement.parameters) if statement.executemany else 1


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)
    with Session(lab.engine) as session:
        session.add(Parent(name="p"))
        session.flush()
        session.add_all([Child(name="old1", parent_id=1), Child(name="old2", parent_id=1)])
        session.commit()

    with Session(lab.engine) as session:
        parent = session.scalars(select(Parent).where(Parent.name == "p")).one()

        a, b, c = Child(name="a"), Child(name="b"), Child(name="c")
        with lab.capture() as adding:
            parent.children.add(a)
            parent.children.add_all([b, c])
        add_kinds = lab.fact("statements sent by add() and add_all()", adding.kinds())
        added_states = lab.fact("state of a, b, c after add()/add_all()", [lab.state(x).status for x in (a, b, c)])

        with lab.capture() as flushed:
            session.flush()
        lab.fact("statements the flush sent", flushed.queries.kinds())
        flush_selects = flushed.count("SELECT")
        # How many INSERT executions carry the three rows depends on the backend's batching (SQLite: one per row).
        flush_inserts = lab.fact("INSERT executions into child by the flush", len(flushed.of_kind("INSERT").mentioning("child")))
        lab.fact(
            "the flush's INSERTs: one per row on SQLite, one batched INSERT on PostgreSQL and MariaDB",
            flush_inserts == (3 if lab.backend == "sqlite" else 1),
        )

        with lab.capture() as bulk:
            bulk_insert = lab.attempt(
                "execute(parent.children.insert(), [...])",
                lambda: session.execute(parent.children.insert(), [{"name": "d"}, {"name": "e"}]),
            )
        error = bulk_insert.error_class
        bulk_inserts = bulk.of_kind("INSERT")
        lab.fact("that call's statements", bulk.queries.kinds())
        bulk_shape = lab.fact("its INSERTs: (executemany, rows carried)", [(s.executemany, rows_sent(s)) for s in bulk_inserts])
        if error is None:
            session.commit()
        else:
            session.rollback()

    with lab.other_connection() as other:
        rows = lab.fact("child rows after commit (name, parent_id)", sorted(tuple(r) for r in other.execute(select(Child.name, Child.parent_id))))
    by_name = dict(rows)

    return {
        "A": "SELECT" in add_kinds or flush_selects > 0,
        "B": add_kinds == [] and flush_selects == 0 and all(by_name.get(n) == 1 for n in ("a", "b", "c")),
        "C": error is None and ("d" in by_name and by_name["d"] is None or "e" in by_name and by_name["e"] is None),
        "D": error is None and bulk_shape == [(True, 2)] and by_name.get("d") == 1 and by_name.get("e") == 1,
        "E": any(status == "transient" for status in added_states) or not all(n in by_name for n in ("a", "b", "c")),
    }


if __name__ == "__main__":
    run_alone(__file__)

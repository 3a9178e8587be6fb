"""Changing a foreign key column does not change an already-loaded many-to-one until it expires."""

from sqlalchemy import ForeignKey, String, insert, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Parent(Base):
    __tablename__ = "parent"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(30))


class Child(Base):
    __tablename__ = "child"
    id: Mapped[int] = mapped_column(primary_key=True)
    parent_id: Mapped[int] = mapped_column(ForeignKey("parent.id"))
    parent: Mapped[Parent] = relationship()


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        Base.metadata.create_all(lab.engine)
        with lab.engine.begin() as conn:
            conn.execute(insert(Parent), [{"id": 1, "name": "one"}, {"id": 2, "name": "two"}])
            conn.execute(insert(Child).values(id=10, parent_id=1))

    with Session(lab.engine) as session:
        child = session.get(Child, 10)
        lab.fact("child.parent before the change", child.parent.name)
        with lab.capture() as changing:
            child.parent_id = 2
            right_after = child.parent.name
            flushed = lab.attempt("session.flush()", session.flush)
            after_flush = child.parent.name
        lab.fact("child.parent right after child.parent_id = 2", right_after)
        lab.fact("child.parent after the flush", after_flush)
        updates = changing.of_kind("UPDATE")
        lab.fact("UPDATEs the flush sent, with their values", [u.values for u in updates])
        session.commit()
        after_commit = lab.fact("child.parent after the commit", child.parent.name)

    with lab.other_connection() as other:
        stored = lab.fact("parent_id stored", other.scalar(select(Child.parent_id)))

    return {
        "A": not flushed.ok,
        "B": right_after == "two",
        "C": stored == 1,
        "D": flushed.ok and len(updates) == 1 and after_flush == "one" and after_commit == "two" and stored == 2,
        "E": after_commit == "one",
    }


if __name__ == "__main__":
    run_alone(__file__)

"""Deleting a parent that has no collection relationship: children are not touched, even when loaded."""

from sqlalchemy import ForeignKey, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Parent(Base):  # no relationship to Child
    __tablename__ = "parent"
    id: Mapped[int] = mapped_column(primary_key=True)


class Child(Base):
    __tablename__ = "child"
    id: Mapped[int] = mapped_column(primary_key=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("parent.id"))
    parent: Mapped[Parent | None] = relationship()


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        Base.metadata.create_all(lab.engine)
        with lab.engine.begin() as conn:
            conn.execute(insert(Parent).values(id=1))
            conn.execute(insert(Child), [{"id": 1, "parent_id": 1}, {"id": 2, "parent_id": 1}])

    with Session(lab.engine) as session:
        children = session.scalars(select(Child)).all()
        parent = children[0].parent  # children and their parent are all loaded
        session.delete(parent)
        with lab.capture() as flushing:
            flushed = lab.attempt("session.flush()", session.flush)
        session.rollback()
    sent = lab.fact("statements the flush sent, by kind and table",
                    [f"{s.kind} {'child' if s.mentions('child') else 'parent'}" for s in flushing.queries])

    return {
        "A": any(s.startswith("SELECT") for s in sent),
        "B": sent[:2] == ["UPDATE child", "UPDATE child"] or sent[:1] == ["UPDATE child"],
        "C": sent == ["DELETE parent"] and flushed.raised(IntegrityError),
        "D": flushed.ok,
    }


if __name__ == "__main__":
    run_alone(__file__)

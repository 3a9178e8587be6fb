"""passive_deletes="all": the ORM leaves children alone on a parent delete, loaded or not; the database decides."""

from sqlalchemy import ForeignKey, insert, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship, selectinload

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Parent(Base):
    __tablename__ = "parent"
    id: Mapped[int] = mapped_column(primary_key=True)
    children: Mapped[list["Child"]] = relationship(passive_deletes="all")


class Child(Base):
    __tablename__ = "child"
    id: Mapped[int] = mapped_column(primary_key=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("parent.id", ondelete="SET NULL"))


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        Base.metadata.create_all(lab.engine)
        with lab.engine.begin() as conn:
            conn.execute(insert(Parent).values(id=1))
            conn.execute(insert(Child), [{"id": 1, "parent_id": 1}, {"id": 2, "parent_id": 1}])

    with Session(lab.engine, expire_on_commit=False) as session:
        parent = session.scalars(select(Parent).options(selectinload(Parent.children))).one()
        children = list(parent.children)
        session.delete(parent)
        with lab.capture() as committing:
            session.commit()
        in_memory = lab.fact("parent_id of the loaded children after the commit", [c.parent_id for c in children])
    sent = lab.fact("statements the commit sent", committing.kinds())
    deleted = [s for s in committing.of_kind("DELETE")]
    only_parent = lab.fact("the DELETE is on parent", len(deleted) == 1 and not deleted[0].mentions("child"))

    with lab.other_connection() as other:
        stored = lab.fact("child rows (id, parent_id) in the database",
                          [tuple(r) for r in other.execute(select(Child.id, Child.parent_id).order_by(Child.id))])

    return {
        "A": sent == ["DELETE", "COMMIT"] and only_parent,
        "B": "UPDATE" in sent,
        "C": in_memory == [1, 1] and stored == [(1, None), (2, None)],
        "D": in_memory == [None, None],
        "E": stored == [],
    }


if __name__ == "__main__":
    run_alone(__file__)

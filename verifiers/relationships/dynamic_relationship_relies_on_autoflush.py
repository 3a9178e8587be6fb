"""A lazy="dynamic" collection is a query: pending appends show up only through autoflush."""

from sqlalchemy import ForeignKey, insert
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Parent(Base):
    __tablename__ = "parent"
    id: Mapped[int] = mapped_column(primary_key=True)
    children = relationship("Child", lazy="dynamic")


class Child(Base):
    __tablename__ = "child"
    id: Mapped[int] = mapped_column(primary_key=True)
    parent_id: Mapped[int] = mapped_column(ForeignKey("parent.id"))


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        Base.metadata.create_all(lab.engine)
        with lab.engine.begin() as conn:
            conn.execute(insert(Parent).values(id=1))
            conn.execute(insert(Child).values(id=1, parent_id=1))

    with Session(lab.engine) as session:
        p = session.get(Parent, 1)
        lab.fact("type of p.children", type(p.children).__name__)
        p.children.append(Child(id=2))
        with lab.capture() as counting:
            counted = lab.fact("p.children.count() with autoflush", p.children.count())
        count_sql = lab.fact("statements count() sent", counting.kinds())
        session.rollback()

    with Session(lab.engine, autoflush=False) as session:
        p = session.get(Parent, 1)
        p.children.append(Child(id=2))
        with lab.capture() as listing:
            all_ids = lab.fact("[c.id for c in p.children.all()] without autoflush", [c.id for c in p.children.all()])
            iterated = lab.fact("[c.id for c in p.children] without autoflush", [c.id for c in p.children])
        lab.fact("INSERTs sent while listing without autoflush", listing.count("INSERT"))

    return {
        "A": counted == 1,
        "B": all_ids == [1] and iterated == [1],
        "C": sorted(all_ids) == [1, 2],
        "D": counted == 2 and count_sql[:1] == ["INSERT"] and "SELECT" in count_sql,
    }


if __name__ == "__main__":
    run_alone(__file__)

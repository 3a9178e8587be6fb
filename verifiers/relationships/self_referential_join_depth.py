"""Self-referential joined eager loading stops after join_depth levels; the next level loads with a new SELECT."""

from typing import Optional

from sqlalchemy import ForeignKey, String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship

from verifiers import Lab, Statement, run_alone


class Base(DeclarativeBase):
    pass


class Node(Base):
    __tablename__ = "node"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    parent_id: Mapped[Optional[int]] = mapped_column(ForeignKey("node.id"))
    children: Mapped[list["Node"]] = relationship(lazy="joined", join_depth=2)


def outer_joins(statement: Statement) -> int:
    return statement.sql.upper().count("LEFT OUTER JOIN")


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)
    with Session(lab.engine) as session:
        # A chain five levels deep: root -> level1 -> level2 -> level3 -> level4.
        level4 = Node(name="level4")
        level3 = Node(name="level3", children=[level4])
        level2 = Node(name="level2", children=[level3])
        level1 = Node(name="level1", children=[level2])
        session.add(Node(name="root", children=[level1]))
        session.commit()

    with Session(lab.engine) as session:
        with lab.capture() as first_load:
            root = session.scalars(select(Node).where(Node.name == "root")).unique().one()
        first = first_load.of_kind("SELECT")
        lab.fact("statements loading root", first_load.queries.kinds())
        first_joins = lab.fact("LEFT OUTER JOINs in that SELECT", [outer_joins(s) for s in first])
        recursive = lab.fact("that SELECT uses WITH / RECURSIVE", any(s.mentions("RECURSIVE") or s.sql.lstrip().upper().startswith("WITH") for s in first))

        with lab.capture() as walking:
            one = root.children[0]
            two = one.children[0]
        lab.fact("names walked without touching level 3's collection", [one.name, two.name])
        walking_count = lab.fact("statements while reading root.children and level1.children", walking.count())

        with lab.capture() as deeper:
            three = two.children[0]
            four = three.children[0]
        lab.fact("names reached below", [three.name, four.name])
        lab.fact("statements reading level2.children and level3.children", deeper.queries.kinds())
        deeper_joins = lab.fact("LEFT OUTER JOINs in each of those SELECTs", [outer_joins(s) for s in deeper.of_kind("SELECT")])

    return {
        "A": first_joins == [2],
        "B": walking_count == 0 and deeper.count() == 0,
        "C": recursive,
        "D": walking_count == 0 and [one.name, two.name] == ["level1", "level2"],
        "E": deeper_joins == [2],
        "F": len(deeper_joins) == 1 and deeper_joins[0] == 0,
    }


if __name__ == "__main__":
    run_alone(__file__)

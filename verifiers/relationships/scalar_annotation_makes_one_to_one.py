"""A non-collection annotation on the one-to-many side makes a one-to-one: scalar, still ONETOMANY, no UNIQUE."""

from sqlalchemy import ForeignKey, inspect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Parent(Base):
    __tablename__ = "parent"
    id: Mapped[int] = mapped_column(primary_key=True)
    child: Mapped["Child"] = relationship(back_populates="parent")       # not Mapped[list["Child"]]


class Child(Base):
    __tablename__ = "child"
    id: Mapped[int] = mapped_column(primary_key=True)
    parent_id: Mapped[int] = mapped_column(ForeignKey("parent.id"))
    parent: Mapped["Parent"] = relationship(back_populates="child")


def prove(lab: Lab) -> dict[str, bool]:
    with lab.capture() as ddl:
        Base.metadata.create_all(lab.engine)
    create_child = next(s for s in ddl.of_kind("CREATE TABLE") if s.mentions("child"))
    unique_in_ddl = lab.fact("CREATE TABLE child has a UNIQUE clause", create_child.mentions("UNIQUE"))
    unique_reflected = lab.fact("unique constraints reflected on child",
                                inspect(lab.engine).get_unique_constraints("child"))

    relationship_ = inspect(Parent).relationships["child"]
    uselist = lab.fact("Parent.child uselist", relationship_.uselist)
    direction = lab.fact("Parent.child direction", relationship_.direction.name)
    fresh = lab.fact("Parent().child", repr(Parent().child))

    p, c1, c2 = Parent(), Child(), Child()
    p.child = c1
    p.child = c2
    c2_parent_is_p = lab.fact("c2.parent is p after p.child = c2", c2.parent is p)
    c1_parent = lab.fact("c1.parent after p.child = c2", repr(c1.parent))

    return {
        "A": unique_in_ddl or bool(unique_reflected),
        "B": direction == "MANYTOONE",
        "C": fresh == "[]",
        "D": c1_parent == "None" and c2_parent_is_p,
        "E": uselist is False and direction == "ONETOMANY" and fresh == "None",
    }


if __name__ == "__main__":
    run_alone(__file__)

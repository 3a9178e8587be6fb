"""Setting a many-to-one queues the backref append on an unloaded collection; the later load merges it in once."""

from typing import Optional

from sqlalchemy import ForeignKey, String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Parent(Base):
    __tablename__ = "parent"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    children: Mapped[list["Child"]] = relationship(back_populates="parent")


class Child(Base):
    __tablename__ = "child"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    parent_id: Mapped[Optional[int]] = mapped_column(ForeignKey("parent.id"))
    parent: Mapped[Optional[Parent]] = relationship(back_populates="children")


def load_pair(session: Session, child_name: str) -> tuple[Parent, Child]:
    """The parent (children not loaded) and a committed child that has no parent yet."""
    parent = session.scalars(select(Parent)).one()
    loose = session.scalars(select(Child).where(Child.name == child_name)).one()
    return parent, loose


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)
    with Session(lab.engine) as session:
        session.add(Parent(name="p", children=[Child(name="old")]))
        session.add_all([Child(name="loose"), Child(name="loose2")])
        session.commit()

    # Autoflush on (the default).
    with Session(lab.engine) as session:
        parent, loose = load_pair(session, "loose")
        with lab.capture() as assigning:
            loose.parent = parent
        assign_kinds = lab.fact("statements sent by `loose.parent = parent`", assigning.kinds())
        # The queued append marks `children` as modified, so inspect().unloaded no longer lists it;
        # whether a list was loaded shows in the instance dict.
        still_unloaded = lab.fact("parent.children absent from parent.__dict__ after the assignment", "children" not in vars(parent))

        with lab.capture() as reading:
            names = lab.fact("names in parent.children when read", [c.name for c in parent.children])
        read_kinds = lab.fact("statements sent by reading parent.children", reading.queries.kinds())
        lab.fact("times loose appears in parent.children", names.count("loose"))
        child_selects = len(reading.of_kind("SELECT").mentioning("child"))
        session.commit()

    # The same steps with autoflush held off while the collection is read.
    with Session(lab.engine) as session:
        parent, loose2 = load_pair(session, "loose2")
        loose2.parent = parent
        with session.no_autoflush:
            with lab.capture() as reading_no_autoflush:
                names_no_autoflush = lab.fact("names in parent.children read under no_autoflush", [c.name for c in parent.children])
        lab.fact("statements sent by that read", reading_no_autoflush.queries.kinds())
        with lab.other_connection() as other:
            db_parent_id = lab.fact(
                "loose2's parent_id in the database at that moment",
                other.execute(select(Child.parent_id).where(Child.name == "loose2")).scalar_one(),
            )
        session.rollback()

    return {
        "A": "SELECT" in assign_kinds,
        "B": assign_kinds == [] and still_unloaded,
        "C": read_kinds[:1] == ["UPDATE"] and child_selects == 1 and sorted(names) == ["loose", "old"],
        "D": names.count("loose") > 1,
        "E": db_parent_id is None and "loose2" not in names_no_autoflush,
        "F": db_parent_id is None and sorted(names_no_autoflush) == ["loose", "loose2", "old"],
    }


if __name__ == "__main__":
    run_alone(__file__)

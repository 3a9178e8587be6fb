"""Replacing an unloaded many-to-one: no SELECT and no old value in the history, unless active_history=True."""

from sqlalchemy import ForeignKey, String, insert
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, attributes, mapped_column, relationship

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Parent(Base):
    __tablename__ = "parent"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(10))


class Child(Base):
    __tablename__ = "child"
    id: Mapped[int] = mapped_column(primary_key=True)
    parent_id: Mapped[int] = mapped_column(ForeignKey("parent.id"))
    parent: Mapped[Parent] = relationship()


class Watched(Base):
    __tablename__ = "watched"
    id: Mapped[int] = mapped_column(primary_key=True)
    parent_id: Mapped[int] = mapped_column(ForeignKey("parent.id"))
    parent: Mapped[Parent] = relationship(active_history=True)


def replace_parent(lab: Lab, session: Session, cls: type) -> tuple[list[str], list[str], list[str]]:
    """Load the object, replace its parent without reading the old one; return (SQL kinds, added, deleted)."""
    obj = session.get(cls, 1)
    new_parent = session.get(Parent, 2)
    with lab.capture() as assigning:
        obj.parent = new_parent
    history = attributes.get_history(obj, "parent")
    return assigning.kinds(), [p.name for p in history.added], [p.name for p in history.deleted]


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        Base.metadata.create_all(lab.engine)
        with lab.engine.begin() as conn:
            conn.execute(insert(Parent), [{"id": 1, "name": "old"}, {"id": 2, "name": "new"}])
            conn.execute(insert(Child).values(id=1, parent_id=1))
            conn.execute(insert(Watched).values(id=1, parent_id=1))

    with Session(lab.engine) as session:
        plain_sql, plain_added, plain_deleted = replace_parent(lab, session, Child)
    with Session(lab.engine) as session:
        active_sql, active_added, active_deleted = replace_parent(lab, session, Watched)
    lab.fact("default: SQL sent by the assignment", plain_sql)
    lab.fact("default: history added / deleted", [plain_added, plain_deleted])
    lab.fact("active_history=True: SQL sent by the assignment", active_sql)
    lab.fact("active_history=True: history added / deleted", [active_added, active_deleted])

    return {
        "A": "SELECT" in plain_sql,
        "B": plain_sql == [] and plain_deleted == ["old"],
        "C": active_sql.count("SELECT") == 1 and active_deleted == ["old"],
        "D": plain_sql == [] and plain_added == ["new"] and plain_deleted == [],
    }


if __name__ == "__main__":
    run_alone(__file__)

"""cascade="all" on a many-to-one: deleting one child deletes the parent, and the siblings are orphaned."""

from sqlalchemy import ForeignKey, insert, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Parent(Base):
    __tablename__ = "parent"
    id: Mapped[int] = mapped_column(primary_key=True)
    children: Mapped[list["Child"]] = relationship(back_populates="parent")


class Child(Base):
    __tablename__ = "child"
    id: Mapped[int] = mapped_column(primary_key=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("parent.id"))
    parent: Mapped[Parent | None] = relationship(back_populates="children", cascade="all")


def table_of(sql: str) -> str:
    """The table a single-table statement works on: after UPDATE, or after the first FROM."""
    words = sql.replace("\n", " ").split()
    return words[1] if words[0].upper() == "UPDATE" else words[words.index("FROM") + 1]


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        Base.metadata.create_all(lab.engine)
        with lab.engine.begin() as conn:
            conn.execute(insert(Parent).values(id=1))
            conn.execute(insert(Child), [{"id": 1, "parent_id": 1}, {"id": 2, "parent_id": 1},
                                         {"id": 3, "parent_id": 1}])

    with Session(lab.engine) as session:
        session.delete(session.get(Child, 1))
        with lab.capture() as committing:
            committed = lab.attempt("session.commit()", session.commit)
    sent = lab.fact("statements the commit sent, by kind and table",
                    [f"{s.kind} {table_of(s.sql)}" for s in committing.queries])

    with lab.other_connection() as other:
        parents = lab.fact("parent rows left", other.scalars(select(Parent.id)).all())
        children = lab.fact("child rows left (id, parent_id)",
                            [tuple(r) for r in other.execute(select(Child.id, Child.parent_id).order_by(Child.id))])

    return {
        "A": committed.ok and children == [],
        "B": committed.ok and parents == [1] and children == [(2, 1), (3, 1)],
        "C": committed.ok and parents == [] and children == [(2, None), (3, None)],
        "D": not committed.ok,
    }


if __name__ == "__main__":
    run_alone(__file__)

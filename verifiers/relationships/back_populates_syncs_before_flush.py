"""back_populates keeps both sides in step in Python, at the moment of the change, before any flush."""

from sqlalchemy import ForeignKey, String, insert, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship, selectinload

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Parent(Base):
    __tablename__ = "parent"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(30))
    children: Mapped[list["Child"]] = relationship(back_populates="parent")


class Child(Base):
    __tablename__ = "child"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(30))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("parent.id"))
    parent: Mapped[Parent | None] = relationship(back_populates="children")


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        Base.metadata.create_all(lab.engine)
        with lab.engine.begin() as conn:
            conn.execute(insert(Parent).values(id=1, name="pat"))
            conn.execute(insert(Child).values(id=10, name="kit", parent_id=None))

    with Session(lab.engine) as session:
        p = session.scalars(select(Parent).options(selectinload(Parent.children))).one()
        c = session.get(Child, 10)
        with lab.capture() as appending:
            p.children.append(c)
            parent_now = c.parent
            fk_now = c.parent_id
        lab.fact("c.parent right after the append", repr(parent_now.name if parent_now else None))
        lab.fact("c.parent_id right after the append", fk_now)
        sent = lab.fact("statements the append sent", appending.kinds())

        with lab.capture() as flushing:
            session.flush()
        lab.fact("statements the flush sent", flushing.kinds())
        lab.fact("c.parent_id after the flush", c.parent_id)
        session.rollback()

    return {
        "A": fk_now == 1,
        "B": parent_now is None,
        "C": parent_now is p and sent == [],
        "D": "UPDATE" in sent,
        "E": parent_now is p and "SELECT" in sent,
    }


if __name__ == "__main__":
    run_alone(__file__)

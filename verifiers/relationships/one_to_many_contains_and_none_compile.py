"""Collection comparisons in WHERE: contains(obj) becomes a key comparison; == None becomes NOT EXISTS."""

from sqlalchemy import ForeignKey, insert, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Parent(Base):
    __tablename__ = "parent"
    id: Mapped[int] = mapped_column(primary_key=True)
    children: Mapped[list["Child"]] = relationship()


class Child(Base):
    __tablename__ = "child"
    id: Mapped[int] = mapped_column(primary_key=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("parent.id"))


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        Base.metadata.create_all(lab.engine)
        with lab.engine.begin() as conn:
            conn.execute(insert(Parent), [{"id": 1}, {"id": 2}])
            conn.execute(insert(Child).values(id=5, parent_id=1))

    with Session(lab.engine) as session:
        c = session.get(Child, 5)
        with lab.capture() as sent:
            containing = session.scalars(select(Parent.id).where(Parent.children.contains(c))).all()
            childless = session.scalars(select(Parent.id).where(Parent.children == None)).all()  # noqa: E711
        lab.fact("contains(child 5) returned", containing)
        lab.fact("== None returned", childless)
    contains_sql, none_sql = sent.of_kind("SELECT")
    contains_shape = lab.fact("contains(): JOIN, subquery, EXISTS, bound values", [
        contains_sql.has_join, contains_sql.has_subquery, contains_sql.mentions("EXISTS"), contains_sql.values])
    none_shape = lab.fact("== None: NOT EXISTS subquery on child", none_sql.has_subquery
                          and none_sql.mentions("NOT") and none_sql.mentions("EXISTS") and none_sql.mentions("child"))

    lab.fact("== None compiles the same as ~Parent.children.any()",
             str(select(Parent.id).where(Parent.children == None))  # noqa: E711
             == str(select(Parent.id).where(~Parent.children.any())))

    return {
        "A": childless == [1, 2] or childless == [],
        "B": contains_sql.has_subquery and contains_sql.mentions("EXISTS"),
        "C": childless == [2] and none_shape,
        "D": containing == [1] and contains_shape == [False, False, False, [1]],
    }


if __name__ == "__main__":
    run_alone(__file__)

"""Comparing a many-to-one with an object: == is a plain foreign key test, != also matches NULL."""

from sqlalchemy import ForeignKey, String, insert, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Parent(Base):
    __tablename__ = "parent"
    id: Mapped[int] = mapped_column(primary_key=True)


class Child(Base):
    __tablename__ = "child"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(10))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("parent.id"))
    parent: Mapped[Parent | None] = relationship()


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        Base.metadata.create_all(lab.engine)
        with lab.engine.begin() as conn:
            conn.execute(insert(Parent), [{"id": 1}, {"id": 2}])
            conn.execute(insert(Child), [{"id": 1, "name": "of-1", "parent_id": 1},
                                         {"id": 2, "name": "of-2", "parent_id": 2},
                                         {"id": 3, "name": "orphan", "parent_id": None}])

    with Session(lab.engine) as session:
        p1 = session.get(Parent, 1)
        with lab.capture() as queries:
            not_p1 = session.scalars(select(Child.name).where(Child.parent != p1).order_by(Child.id)).all()
            is_p1 = session.scalars(select(Child.name).where(Child.parent == p1).order_by(Child.id)).all()
            has_parent = session.scalars(select(Child.name).where(Child.parent != None).order_by(Child.id)).all()  # noqa: E711
        lab.fact("Child.parent != p1", not_p1)
        lab.fact("Child.parent == p1", is_p1)
        lab.fact("Child.parent != None", has_parent)

    ne_sql, eq_sql, not_none_sql = queries.of_kind("SELECT")
    lab.fact("!= p1: WHERE clause", ne_sql.sql.partition("WHERE")[2].partition("ORDER BY")[0].strip())
    ne_null_test = lab.fact("!= p1 also tests IS NULL", ne_sql.mentions("IS") and ne_sql.mentions("NULL"))
    joins = lab.fact("JOINs or subqueries in the three SELECTs",
                     [s.has_join or s.has_subquery for s in (ne_sql, eq_sql, not_none_sql)])
    eq_values = lab.fact("== p1: bound values", eq_sql.values)

    return {
        "A": not_p1 == ["of-2", "orphan"] and ne_null_test,
        "B": not_p1 == ["of-2"],
        "C": joins[0],
        "D": is_p1 == ["of-1"] and not joins[1] and eq_values == [1],
        "E": has_parent == ["of-1", "of-2"] and not_none_sql.mentions("NOT") and not joins[2],
    }


if __name__ == "__main__":
    run_alone(__file__)

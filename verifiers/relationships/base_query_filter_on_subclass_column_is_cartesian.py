"""Joined inheritance: filtering a base-class query on a subclass column adds the subclass table without a join."""

import warnings

from sqlalchemy import ForeignKey, String, insert, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Employee(Base):
    __tablename__ = "employee"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(20))
    type: Mapped[str] = mapped_column(String(20))
    __mapper_args__ = {"polymorphic_on": "type", "polymorphic_identity": "employee"}


class Engineer(Employee):
    __tablename__ = "engineer"
    id: Mapped[int] = mapped_column(ForeignKey("employee.id"), primary_key=True)
    engineer_info: Mapped[str] = mapped_column(String(20))
    __mapper_args__ = {"polymorphic_identity": "engineer"}


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        Base.metadata.create_all(lab.engine)
        with lab.engine.begin() as conn:
            conn.execute(insert(Employee.__table__), [
                {"id": 1, "name": "ada", "type": "engineer"}, {"id": 2, "name": "bob", "type": "engineer"},
                {"id": 3, "name": "cy", "type": "employee"}, {"id": 4, "name": "di", "type": "employee"}])
            conn.execute(insert(Engineer.__table__), [{"id": 1, "engineer_info": "x"}, {"id": 2, "engineer_info": "y"}])

    with Session(lab.engine) as session:
        with lab.capture() as base_query, warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            names = session.scalars(select(Employee.name).where(Engineer.engineer_info == "x")).all()
        said = lab.fact("warnings", [f"{w.category.__name__}: {str(w.message)[:60]}" for w in caught])
        lab.fact("select(Employee.name).where(Engineer.engineer_info == 'x') returned", sorted(names))
        with lab.capture() as sub_query:
            subclass_names = session.scalars(select(Engineer.name).where(Engineer.engineer_info == "x")).all()
        lab.fact("select(Engineer.name).where(...) returned", subclass_names)

    statement = base_query.of_kind("SELECT")[0]
    from_clause = statement.sql.replace("\n", " ").split(" FROM ")[1].split(" WHERE ")[0].strip()
    lab.fact("the base query's FROM clause", from_clause)
    cartesian = any(s.startswith("SAWarning: SELECT statement has a cartesian product") for s in said)

    return {
        "A": sorted(names) == ["ada"] and statement.has_join,
        "B": len(names) == 4 and not statement.has_join and cartesian,
        "C": subclass_names == ["ada"] and sub_query.of_kind("SELECT")[0].has_join,
        "D": statement.has_subquery,
    }


if __name__ == "__main__":
    run_alone(__file__)

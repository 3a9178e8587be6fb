"""Joined inheritance: the subclass query joins and has no discriminator filter; the base query reads one table."""

import re

from sqlalchemy import ForeignKey, String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from verifiers import Lab, Statement, run_alone


class Base(DeclarativeBase):
    pass


class Employee(Base):
    __tablename__ = "employee"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    type: Mapped[str] = mapped_column(String(20))
    __mapper_args__ = {"polymorphic_on": "type", "polymorphic_identity": "employee"}


class Engineer(Employee):
    __tablename__ = "engineer"
    id: Mapped[int] = mapped_column(ForeignKey("employee.id"), primary_key=True)
    engineer_info: Mapped[str] = mapped_column(String(50))
    __mapper_args__ = {"polymorphic_identity": "engineer"}


class Manager(Employee):
    __tablename__ = "manager"
    id: Mapped[int] = mapped_column(ForeignKey("employee.id"), primary_key=True)
    manager_data: Mapped[str] = mapped_column(String(50))
    __mapper_args__ = {"polymorphic_identity": "manager"}


def where_clause(statement: Statement) -> str:
    """The text after the statement's WHERE keyword, or "" when it has none."""
    parts = re.split(r"\bWHERE\b", statement.sql, maxsplit=1, flags=re.I)
    return parts[1] if len(parts) == 2 else ""


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)
    with Session(lab.engine) as session:
        session.add_all(
            [
                Employee(name="erin"),
                Engineer(name="dilbert", engineer_info="compilers"),
                Engineer(name="wally", engineer_info="coffee"),
                Manager(name="pointy", manager_data="budgets"),
            ]
        )
        session.commit()

    # Querying the subclass.
    with Session(lab.engine) as session:
        with lab.capture() as subclass_sql:
            engineers = session.scalars(select(Engineer)).all()
        subclass_selects = lab.fact("SELECTs for select(Engineer)", subclass_sql.count("SELECT"))
        subclass_query = subclass_sql.of_kind("SELECT")[0]
        subclass_join = lab.fact("select(Engineer) has a JOIN", subclass_query.has_join)
        outer_join = lab.fact("select(Engineer) uses an OUTER JOIN", subclass_query.mentions("OUTER"))
        subclass_where = where_clause(subclass_query)
        lab.fact("WHERE clause of select(Engineer)", subclass_where or "(none)")
        filters_on_type = lab.fact("that WHERE names the type column", re.search(r"\btype\b", subclass_where, re.I) is not None)
        engineer_names = lab.fact("rows select(Engineer) returned", sorted(e.name for e in engineers))

    # Querying the base class, then touching a subclass column.
    with Session(lab.engine) as session:
        with lab.capture() as base_sql:
            everyone = session.scalars(select(Employee).order_by(Employee.id)).all()
        base_selects = lab.fact("SELECTs for select(Employee)", base_sql.count("SELECT"))
        base_query = base_sql.of_kind("SELECT")[0]
        base_join = lab.fact("select(Employee) has a JOIN", base_query.has_join)
        base_names_subtables = lab.fact(
            "select(Employee) names engineer or manager",
            base_query.mentions("engineer") or base_query.mentions("manager"),
        )
        classes = lab.fact("classes select(Employee) returned", [type(e).__name__ for e in everyone])

        returned_engineers = [e for e in everyone if isinstance(e, Engineer)]
        with lab.capture() as access_sql:
            infos = [e.engineer_info for e in returned_engineers]
        lab.fact("engineer_info read afterwards", infos)
        access_selects = lab.fact("SELECTs when reading engineer_info on both engineers", access_sql.count("SELECT"))
        access_reads_engineer = all(s.mentions("engineer") for s in access_sql.of_kind("SELECT"))

    return {
        "A": subclass_selects == 1
        and subclass_join
        and not outer_join
        and not filters_on_type
        and engineer_names == ["dilbert", "wally"],
        "B": filters_on_type,
        "C": base_join or base_names_subtables or base_selects > 1,
        "D": all(name == "Employee" for name in classes),
        "E": base_selects == 1 and access_selects == len(returned_engineers) == 2 and access_reads_engineer,
    }


if __name__ == "__main__":
    run_alone(__file__)

"""On single-table inheritance, querying the base leaves subclass columns out: each object loads them with its own SELECT."""

from typing import Optional

from sqlalchemy import String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, with_polymorphic

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Employee(Base):
    __tablename__ = "employee"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    type: Mapped[str] = mapped_column(String(20))
    __mapper_args__ = {"polymorphic_on": "type", "polymorphic_identity": "employee"}


class Manager(Employee):
    manager_data: Mapped[Optional[str]] = mapped_column(String(50))
    __mapper_args__ = {"polymorphic_identity": "manager"}


class Engineer(Employee):
    engineer_info: Mapped[Optional[str]] = mapped_column(String(50))
    __mapper_args__ = {"polymorphic_identity": "engineer"}


def subclass_value(employee: Employee) -> Optional[str]:
    return employee.manager_data if isinstance(employee, Manager) else employee.engineer_info


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)
    with Session(lab.engine) as session:
        session.add_all([
            Manager(name="m1", manager_data="budget"), Manager(name="m2", manager_data="hiring"),
            Engineer(name="e1", engineer_info="python"), Engineer(name="e2", engineer_info="sql"),
        ])
        session.commit()

    with Session(lab.engine) as session:
        with lab.capture() as querying:
            staff = session.scalars(select(Employee).order_by(Employee.id)).all()
        classes = lab.fact("classes returned by select(Employee)", [type(e).__name__ for e in staff])
        base_query = querying.of_kind("SELECT")
        lab.fact("statements select(Employee) sent", querying.queries.kinds())
        subclass_columns_in_query = lab.fact(
            "that SELECT names manager_data / engineer_info",
            [base_query[0].mentions("manager_data"), base_query[0].mentions("engineer_info")],
        )
        with lab.capture() as reading:
            values = lab.fact("subclass attribute of each object", [subclass_value(e) for e in staff])
        reading_selects = lab.fact("SELECTs sent while reading them", reading.count("SELECT"))
        lab.fact("values each of those SELECTs binds", [s.values for s in reading.of_kind("SELECT")])
        lab.fact(
            "each of those SELECTs binds the primary key of the object read",
            [s.values[:1] for s in reading.of_kind("SELECT")] == [[e.id] for e in staff],
        )

    with Session(lab.engine) as session:
        everyone = with_polymorphic(Employee, "*")
        with lab.capture() as poly_querying:
            staff = session.scalars(select(everyone).order_by(everyone.id)).all()
        poly_query = poly_querying.of_kind("SELECT")
        lab.fact("statements select(with_polymorphic(Employee, '*')) sent", poly_querying.queries.kinds())
        poly_has_join = lab.fact("that SELECT has a JOIN", any(s.has_join for s in poly_query))
        poly_columns = lab.fact(
            "with_polymorphic: that SELECT names manager_data / engineer_info",
            [poly_query[0].mentions("manager_data"), poly_query[0].mentions("engineer_info")],
        )
        with lab.capture() as poly_reading:
            poly_values = lab.fact("with_polymorphic: subclass attribute of each object", [subclass_value(e) for e in staff])
        poly_reading_selects = lab.fact("with_polymorphic: SELECTs sent while reading them", poly_reading.count("SELECT"))

    expected = ["budget", "hiring", "python", "sql"]
    return {
        "A": len(base_query) == 1 and any(subclass_columns_in_query) and reading_selects == 0,
        "B": classes == ["Manager", "Manager", "Engineer", "Engineer"],
        "C": len(base_query) == 1 and not any(subclass_columns_in_query) and reading_selects == 4 and values == expected,
        "D": reading_selects == 2,
        "E": len(poly_query) == 1 and all(poly_columns) and poly_reading_selects == 0 and poly_values == expected,
        "F": poly_has_join,
    }


if __name__ == "__main__":
    run_alone(__file__)

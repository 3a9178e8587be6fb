"""Single-table inheritance: a subclass query, and a relationship to a subclass, filter on every identity below it."""

from typing import Any, Optional

from sqlalchemy import ForeignKey, String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship

from verifiers import Capture, Lab, run_alone


class Base(DeclarativeBase):
    pass


class Company(Base):
    __tablename__ = "company"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    name: Mapped[str] = mapped_column(String(50))
    managers: Mapped[list["Manager"]] = relationship()


class Employee(Base):
    __tablename__ = "employee"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    type: Mapped[str] = mapped_column(String(20))
    company_id: Mapped[Optional[int]] = mapped_column(ForeignKey("company.id"))
    __mapper_args__ = {"polymorphic_on": "type", "polymorphic_identity": "employee"}


class Manager(Employee):
    __mapper_args__ = {"polymorphic_identity": "manager"}


class Boss(Manager):
    __mapper_args__ = {"polymorphic_identity": "boss"}


class Engineer(Employee):
    __mapper_args__ = {"polymorphic_identity": "engineer"}


def bound_values(capture: Capture) -> list[Any]:
    """Every value the SELECTs bound, in the order of their placeholders."""
    return [value for statement in capture.of_kind("SELECT") for value in statement.values]


def describe(lab: Lab, label: str, capture: Capture, loaded: list[Any]) -> None:
    lab.fact(f"{label}: classes returned", sorted(type(obj).__name__ for obj in loaded))
    lab.fact(f"{label}: statements sent", capture.kinds())
    lab.fact(f"{label}: IN list sizes", [s.in_list_sizes for s in capture.of_kind("SELECT")])
    lab.fact(f"{label}: values bound", bound_values(capture))


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)
    with Session(lab.engine) as setup:
        setup.add(Company(id=1, name="acme"))
        setup.flush()
        setup.add_all([
            Employee(name="emma", company_id=1),
            Manager(name="mia", company_id=1),
            Boss(name="bo", company_id=1),
            Engineer(name="eng", company_id=1),
        ])
        setup.commit()

    with Session(lab.engine) as session:
        with lab.capture() as manager_query:
            managers = session.scalars(select(Manager)).all()
        describe(lab, "select(Manager)", manager_query, managers)

    with Session(lab.engine) as session:
        company = session.get(Company, 1)
        with lab.capture() as lazy_load:
            company_managers = list(company.managers)
        describe(lab, "company.managers", lazy_load, company_managers)

    with Session(lab.engine) as session:
        with lab.capture() as base_query:
            everyone = session.scalars(select(Employee)).all()
        describe(lab, "select(Employee)", base_query, everyone)

    lab.fact("select(Employee): the classes it returned", sorted(type(obj).__name__ for obj in everyone))
    lab.fact(
        "a JOIN in any of the three SELECTs",
        any(s.has_join for c in (manager_query, lazy_load, base_query) for s in c.of_kind("SELECT")),
    )
    manager_classes = sorted(type(m).__name__ for m in managers)
    relationship_classes = sorted(type(m).__name__ for m in company_managers)
    manager_select = manager_query.of_kind("SELECT")
    lazy_select = lazy_load.of_kind("SELECT")
    base_select = base_query.of_kind("SELECT")

    return {
        "A": "Boss" not in manager_classes and "boss" not in bound_values(manager_query),
        "B": len(manager_select) == 1
        and manager_select[0].in_list_sizes == [2]
        and sorted(bound_values(manager_query)) == ["boss", "manager"]
        and manager_classes == ["Boss", "Manager"],
        "C": len(lazy_select) == 1
        and lazy_select[0].mentions("company_id")
        and lazy_select[0].in_list_sizes == [2]
        and sorted(v for v in bound_values(lazy_load) if isinstance(v, str)) == ["boss", "manager"]
        and relationship_classes == ["Boss", "Manager"],
        "D": len(company_managers) == 4 or "Engineer" in relationship_classes,
        "E": any(s.has_in_list for s in base_select),
        "F": any(s.has_join for s in manager_select),
    }


if __name__ == "__main__":
    run_alone(__file__)

"""Joined inheritance, loaded through the base class: subclass objects, with their own table's columns loaded later, per object."""

from sqlalchemy import ForeignKey, String, select
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


class Manager(Employee):
    __tablename__ = "manager"
    id: Mapped[int] = mapped_column(ForeignKey("employee.id"), primary_key=True)
    manager_data: Mapped[str] = mapped_column(String(20))
    __mapper_args__ = {"polymorphic_identity": "manager"}


def seed(lab: Lab) -> None:
    """Four engineers and two managers."""
    with lab.setup():
        Base.metadata.create_all(lab.engine)
        with Session(lab.engine) as session:
            session.add_all([Engineer(id=i, name=f"e{i}", engineer_info=f"info{i}") for i in (1, 2, 3, 4)])
            session.add_all([Manager(id=i, name=f"m{i}", manager_data=f"data{i}") for i in (5, 6)])
            session.commit()


def prove(lab: Lab) -> dict[str, bool]:
    seed(lab)

    with Session(lab.engine) as session:
        with lab.capture() as getting:
            one = session.get(Employee, 1)
        lab.fact("class returned by session.get(Employee, 1)", type(one).__name__)
        get_select = getting.of_kind("SELECT")
        lab.fact("tables the get() SELECT names", [t for t in ("employee", "engineer", "manager")
                                                    if get_select[0].mentions(t)])
        with lab.capture() as first_access:
            info = one.engineer_info
        lab.fact("one.engineer_info", info)
        access = first_access.of_kind("SELECT")
        lab.fact("the access's SELECT names employee", bool(access) and access[0].mentions("employee"))

    with Session(lab.engine) as session:
        engineers = [e for e in session.scalars(select(Employee).order_by(Employee.id)) if isinstance(e, Engineer)]
        with lab.capture() as listing:
            infos = [e.engineer_info for e in engineers]
        per_object = lab.fact("SELECTs sent reading engineer_info on the 4 engineers", listing.count("SELECT"))

    return {
        "A": type(one).__name__ == "Engineer" and len(get_select) == 1
        and not get_select[0].mentions("engineer") and info == "info1"
        and len(access) == 1 and not access[0].mentions("employee"),
        "B": type(one) is Employee,
        "C": len(get_select) == 1 and get_select[0].mentions("engineer") and get_select[0].mentions("manager"),
        "D": per_object == 4 and infos == ["info1", "info2", "info3", "info4"],
        "E": info is None,
    }


if __name__ == "__main__":
    run_alone(__file__)

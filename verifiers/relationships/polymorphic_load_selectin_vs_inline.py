"""polymorphic_load="selectin" adds one SELECT per subclass present; "inline" joins the subclass tables into the base query."""

from sqlalchemy import ForeignKey, String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from verifiers import Capture, Lab, run_alone


class Base(DeclarativeBase):
    pass


# Joined inheritance, subclasses loaded by a follow-up SELECT per subclass.
class Employee(Base):
    __tablename__ = "employee"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    type: Mapped[str] = mapped_column(String(20))
    __mapper_args__ = {"polymorphic_on": "type", "polymorphic_identity": "employee"}


class Manager(Employee):
    __tablename__ = "manager"
    id: Mapped[int] = mapped_column(ForeignKey("employee.id"), primary_key=True)
    manager_data: Mapped[str] = mapped_column(String(50))
    __mapper_args__ = {"polymorphic_identity": "manager", "polymorphic_load": "selectin"}


class Engineer(Employee):
    __tablename__ = "engineer"
    id: Mapped[int] = mapped_column(ForeignKey("employee.id"), primary_key=True)
    engineer_info: Mapped[str] = mapped_column(String(50))
    __mapper_args__ = {"polymorphic_identity": "engineer", "polymorphic_load": "selectin"}


class Intern(Employee):  # no intern rows are stored
    __tablename__ = "intern"
    id: Mapped[int] = mapped_column(ForeignKey("employee.id"), primary_key=True)
    school: Mapped[str] = mapped_column(String(50))
    __mapper_args__ = {"polymorphic_identity": "intern", "polymorphic_load": "selectin"}


# The same hierarchy, with the subclass tables joined into the base query.
class Staff(Base):
    __tablename__ = "staff"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    type: Mapped[str] = mapped_column(String(20))
    __mapper_args__ = {"polymorphic_on": "type", "polymorphic_identity": "staff"}


class StaffManager(Staff):
    __tablename__ = "staff_manager"
    id: Mapped[int] = mapped_column(ForeignKey("staff.id"), primary_key=True)
    manager_data: Mapped[str] = mapped_column(String(50))
    __mapper_args__ = {"polymorphic_identity": "manager", "polymorphic_load": "inline"}


class StaffEngineer(Staff):
    __tablename__ = "staff_engineer"
    id: Mapped[int] = mapped_column(ForeignKey("staff.id"), primary_key=True)
    engineer_info: Mapped[str] = mapped_column(String(50))
    __mapper_args__ = {"polymorphic_identity": "engineer", "polymorphic_load": "inline"}


def subclass_values(people: list) -> list[str]:
    """Read every subclass-only attribute of the loaded objects."""
    return [getattr(p, "manager_data", None) or getattr(p, "engineer_info", None) or "-" for p in people]


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)
    with Session(lab.engine) as session:
        session.add_all(
            [
                Employee(name="erin"),
                Manager(name="mia", manager_data="budgets"),
                Manager(name="mo", manager_data="hiring"),
                Engineer(name="eli", engineer_info="compilers"),
                Engineer(name="eva", engineer_info="kernels"),
                Staff(name="erin"),
                StaffManager(name="mia", manager_data="budgets"),
                StaffManager(name="mo", manager_data="hiring"),
                StaffEngineer(name="eli", engineer_info="compilers"),
                StaffEngineer(name="eva", engineer_info="kernels"),
            ]
        )
        session.commit()

    with Session(lab.engine) as session:
        with lab.capture() as selectin_load:
            employees = session.scalars(select(Employee).order_by(Employee.id)).all()
        lab.fact("selectin: classes loaded", [type(e).__name__ for e in employees])
        selectin_kinds = lab.fact("selectin: statements for select(Employee)", selectin_load.queries.kinds())
        follow_ups = selectin_load.of_kind("SELECT")[1:]
        follow_up_tables = lab.fact(
            "selectin: subclass tables each follow-up SELECT names",
            [[t for t in ("manager", "engineer", "intern") if s.mentions(t)] for s in follow_ups],
        )
        follow_up_shape = lab.fact(
            "selectin: follow-ups (has JOIN, IN-list sizes)", [(s.has_join, s.in_list_sizes) for s in follow_ups]
        )
        ids_by_table = {
            "manager": sorted(e.id for e in employees if isinstance(e, Manager)),
            "engineer": sorted(e.id for e in employees if isinstance(e, Engineer)),
        }
        follow_ups_pick_their_ids = lab.fact(
            "selectin: each follow-up's IN list holds the ids of its subclass's rows",
            [
                len(tables) == 1 and sorted(s.values) == ids_by_table.get(tables[0])
                for s, tables in zip(follow_ups, follow_up_tables)
            ],
        )
        with lab.capture() as selectin_access:
            lab.fact("selectin: subclass attributes read afterwards", subclass_values(employees))
        selectin_access_count = lab.fact("selectin: statements while reading them", selectin_access.count())

    with Session(lab.engine) as session:
        with lab.capture() as inline_load:
            staff = session.scalars(select(Staff).order_by(Staff.id)).all()
        lab.fact("inline: classes loaded", [type(s).__name__ for s in staff])
        inline_kinds = lab.fact("inline: statements for select(Staff)", inline_load.queries.kinds())
        inline_outer_joins = lab.fact(
            "inline: LEFT OUTER JOINs in that SELECT", [s.sql.upper().count("LEFT OUTER JOIN") for s in inline_load.of_kind("SELECT")]
        )
        with lab.capture() as inline_access:
            lab.fact("inline: subclass attributes read afterwards", subclass_values(staff))
        inline_access_count = lab.fact("inline: statements while reading them", inline_access.count())

    return {
        "A": any("intern" in tables for tables in follow_up_tables),
        "B": len(selectin_kinds) == 1 + 4,
        "C": len(follow_up_shape) > 0
        and all(join and sizes == [2] for join, sizes in follow_up_shape)
        and all(follow_ups_pick_their_ids),
        "D": selectin_kinds == ["SELECT", "SELECT", "SELECT"] and sorted(map(tuple, follow_up_tables)) == [("engineer",), ("manager",)],
        "E": inline_kinds == ["SELECT"] and inline_outer_joins == [2] and inline_access_count == 0,
        "F": selectin_access_count > 0,
    }


if __name__ == "__main__":
    run_alone(__file__)

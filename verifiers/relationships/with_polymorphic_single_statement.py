"""with_polymorphic(): every subclass's columns in the base query, through LEFT OUTER JOINs, so later reads send nothing."""

from sqlalchemy import ForeignKey, String, select
from sqlalchemy.orm import (DeclarativeBase, Mapped, Session, mapped_column, selectin_polymorphic,
                            with_polymorphic)

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
    staff = with_polymorphic(Employee, [Engineer, Manager])

    with Session(lab.engine) as session:
        with lab.capture() as querying:
            people = session.scalars(select(staff).order_by(staff.id)).all()
        selects = querying.of_kind("SELECT")
        statement = " ".join(selects[0].sql.split()).upper()
        left_joins = lab.fact("LEFT OUTER JOINs in the query", statement.count("LEFT OUTER JOIN"))
        lab.fact("SELECTs the query sent", len(selects))
        lab.fact("UNION in the query", selects[0].mentions("UNION"))
        with lab.capture() as reading:
            details = [p.engineer_info if isinstance(p, Engineer) else p.manager_data for p in people]
        after = lab.fact("statements sent reading the subclass columns of all six", reading.kinds())
        lab.fact("classes loaded", sorted({type(p).__name__ for p in people}))
        lab.fact("(engineer_info, manager_data) of each row the joined SELECT returns",
                 [list(row) for row in session.execute(
                     select(staff.Engineer.engineer_info, staff.Manager.manager_data).order_by(staff.id))])

    # For comparison: the base class alone, then selectin_polymorphic().
    with Session(lab.engine) as session:
        with lab.capture() as plain_loading:
            for p in session.scalars(select(Employee).order_by(Employee.id)).all():
                p.engineer_info if isinstance(p, Engineer) else p.manager_data
        lab.fact("SELECTs sent reading the subclass columns after select(Employee)",
                 plain_loading.count("SELECT") - 1)
    with Session(lab.engine) as session:
        with lab.capture() as selectin_loading:
            query = select(Employee).options(selectin_polymorphic(Employee, [Engineer, Manager]))
            for p in session.scalars(query.order_by(Employee.id)).all():
                p.engineer_info if isinstance(p, Engineer) else p.manager_data
        lab.fact("SELECTs sent by select(Employee) with selectin_polymorphic(), then reading the subclass columns",
                 selectin_loading.count("SELECT"))

    # Outer joins keep a row that has no subclass row.
    with Session(lab.engine) as session:
        session.add(Employee(id=7, name="p7"))
        session.flush()
        lab.fact("plain Employee objects the same query loads once one is added",
                 sum(type(p) is Employee for p in session.scalars(select(staff)).all()))
        session.rollback()

    return {
        "A": len(selects) == 3 or reading.count("SELECT") > 0,
        "B": selects[0].mentions("UNION"),
        "C": "INNER JOIN" in statement or (selects[0].has_join and left_joins == 0),
        "D": len(selects) == 1 and left_joins == 2 and "LEFT OUTER JOIN ENGINEER ON" in statement
             and "LEFT OUTER JOIN MANAGER ON" in statement and after == [] and len(details) == 6,
    }


if __name__ == "__main__":
    run_alone(__file__)

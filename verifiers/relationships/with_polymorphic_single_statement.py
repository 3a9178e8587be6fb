"""with_polymorphic(): every subclass's columns in the base query, through LEFT OUTER JOINs, so later reads send nothing."""

from sqlalchemy import ForeignKey, String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, with_polymorphic

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

    return {
        "A": len(selects) == 3 or reading.count("SELECT") > 0,
        "B": selects[0].mentions("UNION"),
        "C": "INNER JOIN" in statement or (selects[0].has_join and left_joins == 0),
        "D": len(selects) == 1 and left_joins == 2 and after == [] and len(details) == 6,
    }


if __name__ == "__main__":
    run_alone(__file__)

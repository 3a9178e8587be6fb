"""Concrete table inheritance: the base class reads a UNION ALL, and primary keys may repeat across tables."""

from sqlalchemy import String, insert, select
from sqlalchemy.exc import MultipleResultsFound
from sqlalchemy.ext.declarative import ConcreteBase
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Employee(ConcreteBase, Base):
    __tablename__ = "employee"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(20))
    __mapper_args__ = {"polymorphic_identity": "employee", "concrete": True}


class Manager(Employee):
    __tablename__ = "manager"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(20))
    manager_data: Mapped[str] = mapped_column(String(20))
    __mapper_args__ = {"polymorphic_identity": "manager", "concrete": True}


class Engineer(Employee):
    __tablename__ = "engineer"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(20))
    engineer_info: Mapped[str] = mapped_column(String(20))
    __mapper_args__ = {"polymorphic_identity": "engineer", "concrete": True}


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        Base.metadata.create_all(lab.engine)
        with lab.engine.begin() as conn:  # three separate tables: id 1 exists in two of them
            conn.execute(insert(Manager.__table__).values(id=1, name="mia", manager_data="m"))
            conn.execute(insert(Engineer.__table__).values(id=1, name="eli", engineer_info="e"))

    with Session(lab.engine) as session:
        with lab.capture() as querying:
            everyone = session.scalars(select(Employee).order_by(Employee.name)).all()
        statement = " ".join(querying.of_kind("SELECT")[0].sql.split()).upper()
        base_query = querying.of_kind("SELECT")[0]
        union = lab.fact("the base query reads a UNION ALL subquery", "UNION ALL" in statement and base_query.has_subquery)
        over_three = lab.fact("the UNION ALL reads employee, manager and engineer",
                              [base_query.mentions(table) for table in ("employee", "manager", "engineer")])
        loaded = lab.fact("objects loaded (class, name)", [(type(e).__name__, e.name) for e in everyone])
        keys = lab.fact("their identity keys", [(k[0].__name__, k[1]) for k in (session.identity_key(instance=e) for e in everyone)])
        by_base = lab.attempt("session.get(Employee, 1)", lambda: session.get(Employee, 1))

    with Session(lab.engine) as session:
        by_class = lab.attempt("session.get(Manager, 1)", lambda: session.get(Manager, 1).name)

    return {
        "A": union and over_three == [True, True, True] and loaded == [("Engineer", "eli"), ("Manager", "mia")]
        and keys == [("Engineer", (1,)), ("Manager", (1,))],
        "B": len(loaded) == 1,
        "C": by_base.raised(MultipleResultsFound) and by_class.ok and by_class.value == "mia",
        "D": querying.of_kind("SELECT")[0].has_join,
    }


if __name__ == "__main__":
    run_alone(__file__)

"""Single-table inheritance: a subclass's non-Optional column becomes NOT NULL on the table every class shares."""

import re

from sqlalchemy import String, func, inspect, select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Employee(Base):
    __tablename__ = "employee"
    id: Mapped[int] = mapped_column(primary_key=True)
    type: Mapped[str] = mapped_column(String(20))
    __mapper_args__ = {"polymorphic_on": "type", "polymorphic_identity": "employee"}


class Engineer(Employee):  # single-table: no __tablename__, its column goes on employee
    engineer_info: Mapped[str] = mapped_column(String(50))
    __mapper_args__ = {"polymorphic_identity": "engineer"}


class Manager(Employee):
    __mapper_args__ = {"polymorphic_identity": "manager"}


def prove(lab: Lab) -> dict[str, bool]:
    with lab.capture() as ddl:
        Base.metadata.create_all(lab.engine)
    columns = {c["name"]: c["nullable"] for c in inspect(lab.engine).get_columns("employee")}
    lab.fact("employee columns and whether they are nullable", columns)
    tables = lab.fact("tables created", sorted(inspect(lab.engine).get_table_names()))

    with Session(lab.engine) as session:
        session.add(Engineer(id=1, engineer_info="rust"))
        session.commit()
        session.add(Manager(id=2))
        with lab.capture() as inserting:
            manager = lab.attempt("committing a new Manager", session.commit)
        session.rollback()
    insert_sql = inserting.of_kind("INSERT")
    # the column list of "INSERT INTO employee (id, type) VALUES ...", unquoted
    named = lab.fact("the columns the Manager INSERT names",
                     [c.strip(' `"') for c in re.search(r"\(([^)]*)\)", insert_sql[0].sql).group(1).split(",")]
                     if insert_sql else None)
    with lab.other_connection() as other:
        rows = lab.fact("employee rows afterwards", other.scalar(select(func.count()).select_from(Employee)))

    lab.fact("the error is as the text says for this backend",
             manager.raised(OperationalError, match="1364.*Field 'engineer_info' doesn't have a default value")
             if lab.backend == "mariadb" else manager.raised(IntegrityError))
    strict = True
    if lab.backend == "mariadb":
        with lab.other_connection() as other:
            strict = "STRICT_TRANS_TABLES" in other.exec_driver_sql("SELECT @@sql_mode").scalar()
    lab.fact("the backend runs in strict SQL mode (MariaDB only)", strict)

    return {
        "A": tables == ["employee", "engineer"] or "engineer" in tables,
        "B": columns.get("engineer_info") is True and manager.ok,
        "C": columns.get("engineer_info") is False and named is not None and "engineer_info" not in named
        and not manager.ok and "engineer_info" in (manager.message or "") and rows == 1,
        "D": manager.ok and rows == 2,
    }


if __name__ == "__main__":
    run_alone(__file__)

"""Joined inheritance writes the base row first and deletes it last; the discriminator is filled in for you."""

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


def written_table(statement: Statement) -> str:
    """The table an INSERT, UPDATE or DELETE statement writes to."""
    match = re.match(r"\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+[`\"]?(\w+)", statement.sql, re.I)
    return match.group(1).lower() if match else "?"


def inserted_columns(statement: Statement) -> list[str]:
    """The column list of an INSERT statement."""
    match = re.search(r"\(([^)]*)\)\s*VALUES", statement.sql, re.I)
    return [c.strip().strip('`"').lower() for c in match.group(1).split(",")] if match else []


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)

    with Session(lab.engine) as session:
        session.add(Engineer(name="dilbert", engineer_info="compilers"))
        with lab.capture() as inserting:
            session.flush()
        session.commit()
    inserts = [(written_table(s), inserted_columns(s)) for s in inserting.queries]
    lab.fact("statements the flush sent (kind table)", [f"{s.kind} {written_table(s)}" for s in inserting.queries])
    lab.fact("columns of each INSERT", {table: columns for table, columns in inserts})

    with lab.other_connection() as other:
        employee_rows = lab.fact("employee rows (id, name, type)", [tuple(r) for r in other.execute(select(Employee.__table__))])
        engineer_rows = lab.fact("engineer rows (id, engineer_info)", [tuple(r) for r in other.execute(select(Engineer.__table__))])

    with Session(lab.engine) as session:
        dilbert = session.scalars(select(Engineer)).one()
        session.delete(dilbert)
        with lab.capture() as deleting:
            flushed = lab.attempt("the delete flush", session.flush)
        if flushed.ok:
            session.commit()
    deletes = lab.fact("statements the delete flush sent (kind table)", [f"{s.kind} {written_table(s)}" for s in deleting.queries])
    with lab.other_connection() as other:
        left = lab.fact(
            "rows left afterwards (employee, engineer)",
            (len(other.execute(select(Employee.__table__)).all()), len(other.execute(select(Engineer.__table__)).all())),
        )

    insert_tables = [table for table, _ in inserts]
    employee_columns = lab.fact("columns of the employee INSERT", dict(inserts).get("employee", []))
    lab.fact("ids of the stored employee and engineer rows", [employee_rows[0][0], engineer_rows[0][0]])
    return {
        "A": insert_tables == ["employee", "engineer"] and engineer_rows[0][0] == employee_rows[0][0],
        "B": "type" in employee_columns and employee_rows[0][2] == "engineer",
        "C": len(inserting.queries) == 1,
        "D": insert_tables[:1] == ["engineer"],
        "E": flushed.ok and deletes == ["DELETE engineer", "DELETE employee"] and left == (0, 0),
        "F": deletes == ["DELETE employee"],
    }


if __name__ == "__main__":
    run_alone(__file__)

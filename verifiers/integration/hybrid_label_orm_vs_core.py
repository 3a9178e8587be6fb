"""A hybrid's name names the column of an ORM result row only: the SQL label comes from the expression,
and a Core execution of the same select keys the row by that SQL label."""

import re

from sqlalchemy import String, func, select
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from verifiers import Lab, Statement, run_alone


class Base(DeclarativeBase):
    pass


class Person(Base):
    __tablename__ = "person"
    id: Mapped[int] = mapped_column(primary_key=True)
    first: Mapped[str] = mapped_column(String(30))
    last: Mapped[str] = mapped_column(String(30))

    @hybrid_property
    def lowered(self) -> str:
        return self.first.lower()

    @lowered.inplace.expression
    @classmethod
    def _lowered_expression(cls):
        return func.lower(cls.first)

    @hybrid_property
    def full_name(self) -> str:
        return self.first + " " + self.last



class LabelledBase(DeclarativeBase):
    pass


class LabelledPerson(LabelledBase):
    """Option F: the same table and `lowered` hybrid, its expression labelled "lowered"."""

    __tablename__ = "person"
    id: Mapped[int] = mapped_column(primary_key=True)
    first: Mapped[str] = mapped_column(String(30))
    last: Mapped[str] = mapped_column(String(30))

    @hybrid_property
    def lowered(self) -> str:
        return self.first.lower()

    @lowered.inplace.expression
    @classmethod
    def _lowered_expression(cls):
        return func.lower(cls.first).label("lowered")


def sql_labels(statement: Statement) -> list[str]:
    """The names after each AS in the SELECT list, without identifier quotes."""
    select_list = re.split(r"\bFROM\b", statement.sql, maxsplit=1, flags=re.I)[0]
    return [name.strip('"`') for name in re.findall(r"\bAS\s+([\"`]?\w+[\"`]?)", select_list, flags=re.I)]


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)
    with Session(lab.engine) as setup:
        setup.add(Person(first="Ada", last="Lovelace"))
        setup.commit()

    stmt = select(Person.lowered, Person.full_name)

    with Session(lab.engine) as session, lab.capture() as orm_sql:
        orm = lab.attempt("Session.execute(stmt).one()", lambda: session.execute(stmt).one())
    with lab.engine.connect() as conn, lab.capture() as core_sql:
        core = lab.attempt("Connection.execute(stmt).one()", lambda: conn.execute(stmt).one())
    orm_keys = lab.fact("row keys through Session.execute", list(orm.value._mapping.keys()) if orm.ok else [])
    core_keys = lab.fact("row keys through Connection.execute", list(core.value._mapping.keys()) if core.ok else [])
    lab.fact("row through Connection.execute", tuple(core.value) if core.ok else None)
    lab.fact("core_row has an attribute `lowered`", core.ok and hasattr(core.value, "lowered"))

    orm_labels = lab.fact("SQL labels the Session sent", sql_labels(orm_sql.queries[0]))
    core_labels = lab.fact("SQL labels the Connection sent", sql_labels(core_sql.queries[0]))

    labelled = select(LabelledPerson.lowered)
    with lab.engine.connect() as conn, lab.capture() as labelled_sql:
        labelled_keys = lab.fact(
            "row keys through Connection.execute, expression labelled 'lowered'",
            list(conn.execute(labelled).one()._mapping.keys()),
        )
    lab.fact("expression labelled 'lowered': SQL labels the Connection sent", sql_labels(labelled_sql.queries[0]))
    with Session(lab.engine) as session:
        labelled_orm_keys = list(session.execute(labelled).one()._mapping.keys())
    lab.fact(
        "expression labelled 'lowered': row keys through Session, then Connection", [labelled_orm_keys, labelled_keys]
    )

    return {
        "A": core_keys == ["lowered", "full_name"],
        "B": orm_keys == ["lowered", "full_name"],
        "C": bool(orm_labels) and orm_labels[0] == "lowered",
        "D": orm_labels[1:] == ["full_name"] and core_labels[1:] == ["full_name"],
        "E": not core.ok and orm.ok,
        "F": labelled_keys == ["lowered"],
    }


if __name__ == "__main__":
    run_alone(__file__)

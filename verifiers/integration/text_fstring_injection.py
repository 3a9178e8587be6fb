"""A value pasted into text() with an f-string becomes SQL; a bound parameter stays data."""

from collections.abc import Mapping

from sqlalchemy import String, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from verifiers import Lab, Statement, run_alone


class Base(DeclarativeBase):
    pass


class Person(Base):
    __tablename__ = "person"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))


def parameter_values(statement: Statement) -> list:
    """The values sent alongside the SQL, whatever the driver's paramstyle (tuple or dict)."""
    params = statement.parameters
    return list(params.values()) if isinstance(params, Mapping) else list(params or ())


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)
    with Session(lab.engine) as session:
        session.add_all([Person(name=n) for n in ("ada", "bob", "cy", "dee")])
        session.commit()

    user_input = "x' OR '1'='1"

    with lab.engine.connect() as conn:
        with lab.capture() as formatted_sql:
            try:
                formatted = conn.execute(text(f"SELECT name FROM person WHERE name = '{user_input}'")).all()
                formatted_outcome = len(formatted)
            except DBAPIError as error:
                formatted_outcome = type(error).__name__
                conn.rollback()
        with lab.capture() as bound_sql:
            bound = conn.execute(text("SELECT name FROM person WHERE name = :n"), {"n": user_input}).all()

    formatted_rows = lab.fact("rows matched, f-string", formatted_outcome)
    bound_rows = lab.fact("rows matched, bound :n", len(bound))
    sent_formatted = formatted_sql.of_kind("SELECT")[0]
    sent_bound = bound_sql.of_kind("SELECT")[0]
    lab.fact("f-string: SQL handed to the driver", sent_formatted.sql)
    lab.fact("bound: SQL handed to the driver", sent_bound.sql)
    lab.fact("bound: parameters handed to the driver", parameter_values(sent_bound))

    return {
        "A": formatted_rows == 4,
        "B": user_input not in sent_formatted.sql and formatted_rows == 0,
        "C": isinstance(formatted_rows, str),
        "D": bound_rows == 0,
        "E": sent_bound.mentions("OR") or user_input not in parameter_values(sent_bound),
    }


if __name__ == "__main__":
    run_alone(__file__)

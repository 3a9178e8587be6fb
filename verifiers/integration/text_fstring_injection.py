"""A value pasted into text() with an f-string becomes SQL; a bound parameter stays data."""

from sqlalchemy import String, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Person(Base):
    __tablename__ = "person"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        Base.metadata.create_all(lab.engine)
        with Session(lab.engine) as session:
            session.add_all([Person(name=n) for n in ("ada", "bob", "cy", "dee")])
            session.commit()

    user_input = "x' OR '1'='1"

    with lab.engine.connect() as conn:
        with lab.capture() as formatted_sql:
            formatted = lab.attempt(
                "f-string query",
                lambda: conn.execute(text(f"SELECT name FROM person WHERE name = '{user_input}'")).all(),
            )
        with lab.capture() as bound_sql:
            bound = conn.execute(text("SELECT name FROM person WHERE name = :n"), {"n": user_input}).all()

    formatted_rows = lab.fact("rows matched, f-string", len(formatted.value) if formatted.ok else None)
    bound_rows = lab.fact("rows matched, bound :n", len(bound))
    sent_formatted = formatted_sql.of_kind("SELECT")[0]
    sent_bound = bound_sql.of_kind("SELECT")[0]
    lab.fact("f-string: SQL handed to the driver", sent_formatted.sql)
    lab.fact("f-string: the input appears unchanged in the SQL sent", user_input in sent_formatted.sql)
    lab.fact("f-string: the SQL sent has an OR condition", sent_formatted.mentions("OR"))
    lab.fact("bound: SQL handed to the driver", sent_bound.sql)
    lab.fact("bound: the SQL sent holds the driver's placeholder (? or %(n)s) and no OR",
             ("?" in sent_bound.sql or "%(n)s" in sent_bound.sql) and not sent_bound.mentions("OR"))
    lab.fact("bound: parameters handed to the driver", sent_bound.values)

    return {
        "A": not formatted.ok and isinstance(formatted.error, DBAPIError),
        "B": user_input not in sent_formatted.sql and formatted_rows == 0,
        "C": formatted_rows == 4,
        "D": bound_rows == 0,
        "E": sent_bound.mentions("OR") or user_input not in sent_bound.values,
    }


if __name__ == "__main__":
    run_alone(__file__)

"""A row whose discriminator names no mapped class: loading it through the base raises; nothing is skipped."""

from sqlalchemy import String, insert, select
from sqlalchemy.exc import SQLAlchemyError
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
    __mapper_args__ = {"polymorphic_identity": "engineer"}


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        Base.metadata.create_all(lab.engine)
        with lab.engine.begin() as conn:
            conn.execute(insert(Employee.__table__), [
                {"id": 1, "name": "ada", "type": "engineer"},
                {"id": 2, "name": "bob", "type": "intern"},   # written by another application
            ])

    with Session(lab.engine) as session, lab.capture() as sent:
        everyone = lab.attempt("session.scalars(select(Employee)).all()",
                               lambda: session.scalars(select(Employee).order_by(Employee.id)).all())
        engineers = lab.attempt("session.scalars(select(Engineer)).all()",
                                lambda: [e.name for e in session.scalars(select(Engineer))])

    lab.fact("the error is an SQLAlchemyError", isinstance(everyone.error, SQLAlchemyError))
    engineer_select = sent.of_kind("SELECT")[-1]
    lab.fact("select(Engineer) filters with type IN (...)", engineer_select.has_in_list and engineer_select.mentions("type"))
    filtered_on = lab.fact("the values select(Engineer) binds", engineer_select.values)

    return {
        "A": everyone.ok and [e.name for e in everyone.value] == ["ada"],
        "B": everyone.raised(AssertionError, match="No such polymorphic_identity 'intern' is defined"),
        "C": everyone.ok and type(everyone.value[1]) is Employee,
        "D": engineers.ok and engineers.value == ["ada"] and engineer_select.mentions("WHERE")
             and engineer_select.mentions("type") and filtered_on == ["engineer"],
    }


if __name__ == "__main__":
    run_alone(__file__)

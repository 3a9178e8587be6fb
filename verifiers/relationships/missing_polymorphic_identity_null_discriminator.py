"""A subclass mapped without polymorphic_identity: a warning only; its rows get a NULL discriminator and cannot be loaded."""

import warnings

from sqlalchemy import String, select
from sqlalchemy.exc import InvalidRequestError, SAWarning
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Employee(Base):
    __tablename__ = "employee"
    id: Mapped[int] = mapped_column(primary_key=True)
    type: Mapped[str | None] = mapped_column(String(20))
    __mapper_args__ = {"polymorphic_on": "type", "polymorphic_identity": "employee"}


# The mapping happens as the class statement runs; record what it warns.
with warnings.catch_warnings(record=True) as WARNED_AT_DEFINITION:
    warnings.simplefilter("always")

    class Contractor(Employee):  # forgot polymorphic_identity
        pass


def prove(lab: Lab) -> dict[str, bool]:
    configured = lab.attempt("configuring the mappers", Base.registry.configure)
    said = lab.fact("warnings when Contractor was mapped",
                    [f"{w.category.__name__}: {str(w.message)[:100]}" for w in WARNED_AT_DEFINITION])
    messages = [str(w.message) for w in WARNED_AT_DEFINITION if w.category is SAWarning]
    warned = (len(WARNED_AT_DEFINITION) == len(messages) == 1
              and "Mapper[Contractor(employee)] does not indicate a 'polymorphic_identity'" in messages[0])
    lab.fact("the warning suggests polymorphic_abstract=True or leaving the class unmapped",
             warned and "'polymorphic_abstract=True'" in messages[0] and "left unmapped" in messages[0])

    with lab.setup():
        Base.metadata.create_all(lab.engine)

    with Session(lab.engine) as session:
        session.add(Contractor(id=1))
        session.commit()
    with lab.other_connection() as other:
        stored = lab.fact("type stored for the Contractor", other.scalar(select(Employee.type)))

    with Session(lab.engine) as session:
        loaded = lab.attempt("session.get(Employee, 1)", lambda: session.get(Employee, 1))


    return {
        "A": stored == "employee",
        "B": not configured.ok,
        "C": stored is None and loaded.raised(InvalidRequestError, match="discriminator column 'employee.type' is NULL"),
        "D": configured.ok and warned,
        "E": stored == "Contractor",
    }


if __name__ == "__main__":
    run_alone(__file__)

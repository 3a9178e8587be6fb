"""`@fullname.expression` on a function with another name, without `.inplace`, leaves `fullname` as it
was and creates a second hybrid under the function's name; `.inplace.expression` changes `fullname`."""

from typing import Any

from sqlalchemy import String, func, select
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from verifiers import Lab, run_alone


def models_without_inplace() -> Any:
    """The question's class: the expression is declared under a different name, without .inplace."""

    class Base(DeclarativeBase):
        pass

    class Person(Base):
        __tablename__ = "person"
        id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
        first: Mapped[str] = mapped_column(String(20))
        last: Mapped[str | None] = mapped_column(String(20))

        @hybrid_property
        def fullname(self) -> str:
            return self.first + " " + self.last

        @fullname.expression
        def _fullname_sql(cls):  # noqa: N805 - the legacy style the question shows
            return func.coalesce(cls.first, "") + " " + func.coalesce(cls.last, "")

    return Person


def models_with_inplace() -> Any:
    """The same class with `@fullname.inplace.expression` and `@classmethod`."""

    class Base(DeclarativeBase):
        pass

    class Person(Base):
        __tablename__ = "person"
        id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
        first: Mapped[str] = mapped_column(String(20))
        last: Mapped[str | None] = mapped_column(String(20))

        @hybrid_property
        def fullname(self) -> str:
            return self.first + " " + self.last

        @fullname.inplace.expression
        @classmethod
        def _fullname_sql(cls):
            return func.coalesce(cls.first, "") + " " + func.coalesce(cls.last, "")

    return Person


def select_value(lab: Lab, person: Any, attribute: str) -> tuple[object, bool]:
    """The value `select(Person.<attribute>)` returns for Ada (no last name), and whether its SQL used coalesce."""
    with Session(lab.engine) as session, lab.capture() as sql:
        value = session.scalars(select(getattr(person, attribute))).one()
    return value, any(s.mentions("coalesce") for s in sql.of_kind("SELECT"))


def prove(lab: Lab) -> dict[str, bool]:
    try:
        person = models_without_inplace()
        defining_error = None
    except Exception as error:
        defining_error = type(error).__name__
    lab.fact("error defining the class without .inplace", defining_error)
    person.metadata.create_all(lab.engine)
    with Session(lab.engine) as setup:
        setup.add(person(id=1, first="Ada", last=None))
        setup.commit()

    fullname, fullname_coalesce = lab.fact("(1) select(Person.fullname): value, SQL uses coalesce", select_value(lab, person, "fullname"))
    lab.fact("Person._fullname_sql is a hybrid of its own", type(person.__dict__.get("_fullname_sql")).__name__)
    separate, separate_coalesce = lab.fact("(2) select(Person._fullname_sql): value, SQL uses coalesce", select_value(lab, person, "_fullname_sql"))

    inplace_person = models_with_inplace()
    inplace, inplace_coalesce = lab.fact("with .inplace: select(Person.fullname): value, SQL uses coalesce", select_value(lab, inplace_person, "fullname"))

    return {
        "A": fullname is None and not fullname_coalesce,
        "B": fullname == "Ada " and fullname_coalesce,
        "C": separate == "Ada " and separate_coalesce,
        "D": defining_error is not None,
        "E": inplace == "Ada " and inplace_coalesce,
    }


if __name__ == "__main__":
    run_alone(__file__)

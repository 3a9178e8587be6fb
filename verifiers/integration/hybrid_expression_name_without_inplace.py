"""`@fullname.expression` on a function with another name, without `.inplace`, leaves `fullname` as it
was and creates a second hybrid under the function's name; `.inplace.expression` changes `fullname`."""

from typing import Any

from sqlalchemy import String, func, select
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from verifiers import Lab, Statement, run_alone


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


def models_same_name() -> Any:
    """The same class without .inplace, the expression function named like the hybrid."""

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
        def fullname(cls):  # noqa: N805 - the legacy style, same name
            return func.coalesce(cls.first, "") + " " + func.coalesce(cls.last, "")

    return Person


def select_value(lab: Lab, person: Any, attribute: str) -> tuple[object, Statement]:
    """The value `select(Person.<attribute>)` returns for Ada (no last name), and the SELECT it sent."""
    with Session(lab.engine) as session, lab.capture() as sql:
        value = session.scalars(select(getattr(person, attribute))).one()
    return value, sql.of_kind("SELECT")[0]


def hybrids(person: Any) -> list[str]:
    """The names under which the class holds a hybrid attribute."""
    return sorted(name for name, attribute in vars(person).items() if isinstance(attribute, hybrid_property))


def prove(lab: Lab) -> dict[str, bool]:
    defined = lab.attempt("defining the class without .inplace", models_without_inplace)
    person = defined.value
    person.metadata.create_all(lab.engine)
    with Session(lab.engine) as setup:
        setup.add(person(id=1, first="Ada", last=None))
        setup.commit()

    lab.fact("without .inplace: the class's hybrids", hybrids(person))
    lab.fact(
        "without .inplace: `_fullname_sql` is the `fullname` hybrid itself",
        vars(person)["_fullname_sql"] is vars(person)["fullname"],
    )
    fullname, fullname_select = select_value(lab, person, "fullname")
    fullname_coalesce = fullname_select.mentions("coalesce")
    lab.fact("(1) select(Person.fullname): value, SQL uses coalesce", (fullname, fullname_coalesce))
    lab.fact(
        "(1): the SELECT names first and last, and the values it binds",
        [fullname_select.mentions("first"), fullname_select.mentions("last"), fullname_select.values],
    )
    separate_kind = lab.fact("Person._fullname_sql is a hybrid of its own", type(vars(person)["_fullname_sql"]).__name__)
    separate, separate_select = select_value(lab, person, "_fullname_sql")
    separate_coalesce = separate_select.mentions("coalesce")
    lab.fact("(2) select(Person._fullname_sql): value, SQL uses coalesce", (separate, separate_coalesce))

    same_name_person = models_same_name()
    lab.fact("same name, without .inplace: the class's hybrids", hybrids(same_name_person))
    same_name, same_name_select = select_value(lab, same_name_person, "fullname")
    lab.fact(
        "same name, without .inplace: select(Person.fullname): value, SQL uses coalesce",
        (same_name, same_name_select.mentions("coalesce")),
    )

    inplace_person = models_with_inplace()
    lab.fact(
        "with .inplace: `_fullname_sql` is the `fullname` hybrid itself",
        vars(inplace_person)["_fullname_sql"] is vars(inplace_person)["fullname"],
    )
    inplace, inplace_select = select_value(lab, inplace_person, "fullname")
    inplace_coalesce = inplace_select.mentions("coalesce")
    lab.fact("with .inplace: select(Person.fullname): value, SQL uses coalesce", (inplace, inplace_coalesce))

    return {
        "A": fullname == "Ada " and fullname_coalesce,
        "B": fullname is None and not fullname_coalesce,
        "C": separate_kind == "hybrid_property" and separate == "Ada " and separate_coalesce,
        "D": not defined.ok,
        "E": inplace == "Ada " and inplace_coalesce,
    }


if __name__ == "__main__":
    run_alone(__file__)

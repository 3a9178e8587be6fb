"""A misspelled relationship target: the class statement succeeds; configuration fails, for every mapper after."""

from sqlalchemy import ForeignKey
from sqlalchemy.exc import InvalidRequestError
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from verifiers import Lab, run_alone

# A registry of its own: once configuration fails, every mapper of the registry refuses to work.
DEFINED = []


class Base(DeclarativeBase):
    pass


class Parent(Base):
    __tablename__ = "parent"
    id: Mapped[int] = mapped_column(primary_key=True)
    children = relationship("Chlid")  # the typo


DEFINED.append("Parent")


class Child(Base):
    __tablename__ = "child"
    id: Mapped[int] = mapped_column(primary_key=True)
    parent_id: Mapped[int] = mapped_column(ForeignKey("parent.id"))


class Invoice(Base):  # unrelated to Parent and Child
    __tablename__ = "invoice"
    id: Mapped[int] = mapped_column(primary_key=True)


DEFINED.append("Invoice")


def prove(lab: Lab) -> dict[str, bool]:
    lab.fact("class statements that completed", list(DEFINED))
    first = lab.attempt("Parent()", Parent)
    unrelated = lab.attempt("Invoice() afterwards", Invoice)
    again = lab.attempt("Invoice() once more", Invoice)

    with lab.capture():
        tables = lab.attempt("Base.metadata.create_all(engine)", lambda: Base.metadata.create_all(lab.engine))

    return {
        "A": DEFINED != ["Parent", "Invoice"],
        "B": DEFINED == ["Parent", "Invoice"]
        and first.raised(InvalidRequestError, match="'Chlid' failed to locate a name"),
        "C": unrelated.raised(InvalidRequestError, match="One or more mappers failed to initialize")
        and again.raised(InvalidRequestError, match="One or more mappers failed to initialize"),
        "D": unrelated.ok,
        "E": not tables.ok,
    }


if __name__ == "__main__":
    run_alone(__file__)

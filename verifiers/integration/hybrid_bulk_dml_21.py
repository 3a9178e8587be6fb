"""A hybrid's key in an ORM bulk INSERT: silently dropped (2.0) or refused without a bulk_dml hook (2.1)."""

from collections.abc import MutableMapping

from sqlalchemy import String, exc, func, insert, select
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from verifiers import Lab, run_alone


SETTER_CALLS: list[str] = []


class Base(DeclarativeBase):
    pass


class Person(Base):
    __tablename__ = "person"
    id: Mapped[int] = mapped_column(primary_key=True)
    first: Mapped[str] = mapped_column(String(20))
    last: Mapped[str] = mapped_column(String(20))

    @hybrid_property
    def full(self) -> str:
        return self.first + " " + self.last

    @full.inplace.setter
    def _full_setter(self, value: str) -> None:
        SETTER_CALLS.append(value)
        self.first, self.last = value.split(" ", 1)


HAS_BULK_DML = hasattr(hybrid_property, "bulk_dml")  # new in 2.1

if HAS_BULK_DML:

    class HookedPerson(Base):
        """The same hybrid with the 2.1 hook that fills in the columns of a bulk parameter dictionary."""

        __tablename__ = "hooked_person"
        id: Mapped[int] = mapped_column(primary_key=True)
        first: Mapped[str] = mapped_column(String(20))
        last: Mapped[str] = mapped_column(String(20))

        @hybrid_property
        def full(self) -> str:
            return self.first + " " + self.last

        @full.inplace.bulk_dml
        @classmethod
        def _full_bulk_dml(cls, mapping: MutableMapping[str, object], value: str) -> None:
            mapping["first"], mapping["last"] = value.split(" ", 1)


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        Base.metadata.create_all(lab.engine)

    with lab.capture() as sent, Session(lab.engine) as session:
        outcome = lab.attempt('session.execute(insert(Person), [{"id": 5, "full": "Quinn Rowe"}])',
                              lambda: session.execute(insert(Person), [{"id": 5, "full": "Quinn Rowe"}]))
        session.rollback()
    lab.fact("setter calls during the bulk INSERT", len(SETTER_CALLS))
    inserts = sent.of_kind("INSERT")
    lab.fact("INSERT statements sent", [s.sql for s in inserts])
    lab.fact(
        "the database's refusal is the class the text names for this backend",
        outcome.raised(exc.OperationalError, match="doesn't have a default value") if lab.backend == "mariadb"
        else outcome.raised(exc.IntegrityError),
    )
    with lab.other_connection() as other:
        stored = lab.fact("rows stored", other.scalar(select(func.count()).select_from(Person)))
        first = other.scalar(select(Person.first))

    lab.fact("hybrid_property offers bulk_dml", HAS_BULK_DML)
    if HAS_BULK_DML:
        with lab.capture(), Session(lab.engine) as session:
            session.execute(insert(HookedPerson), [{"id": 5, "full": "Quinn Rowe"}])
            session.commit()
            stored_row = session.execute(select(HookedPerson.id, HookedPerson.first, HookedPerson.last)).one()
            lab.fact("with a bulk_dml hook: the row stored", tuple(stored_row))

    return {
        "A": outcome.ok and stored == 1 and first == "Quinn",
        # the database's refusal: IntegrityError on SQLite and PostgreSQL, OperationalError 1364 on MariaDB
        "B": isinstance(outcome.error, exc.DBAPIError) and len(inserts) == 1
        and [inserts[0].mentions(name) for name in ("id", "first", "last", "full")] == [True, False, False, False],
        "C": outcome.raised(exc.InvalidRequestError, match="bulk_dml") and not sent.queries,
        "D": outcome.ok and stored == 1 and first is None,
    }


if __name__ == "__main__":
    run_alone(__file__)

"""A hybrid's key in an ORM bulk INSERT: silently dropped (2.0) or refused without a bulk_dml hook (2.1)."""

from sqlalchemy import String, exc, func, insert, select
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from verifiers import Lab, run_alone


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
        self.first, self.last = value.split(" ", 1)


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        Base.metadata.create_all(lab.engine)

    with lab.capture() as sent, Session(lab.engine) as session:
        outcome = lab.attempt('session.execute(insert(Person), [{"id": 5, "full": "Quinn Rowe"}])',
                              lambda: session.execute(insert(Person), [{"id": 5, "full": "Quinn Rowe"}]))
        session.rollback()
    inserts = sent.of_kind("INSERT")
    lab.fact("INSERT statements sent", [s.sql for s in inserts])
    with lab.other_connection() as other:
        stored = lab.fact("rows stored", other.scalar(select(func.count()).select_from(Person)))
        first = other.scalar(select(Person.first))

    return {
        "A": outcome.ok and stored == 1 and first == "Quinn",
        # the database's refusal: IntegrityError on SQLite and PostgreSQL, OperationalError 1364 on MariaDB
        "B": isinstance(outcome.error, exc.DBAPIError) and len(inserts) == 1 and not inserts[0].mentions("first"),
        "C": outcome.raised(exc.InvalidRequestError, match="bulk_dml") and not inserts,
        "D": outcome.ok and stored == 1 and first is None,
    }


if __name__ == "__main__":
    run_alone(__file__)

"""A hybrid used as a SET key in an ORM update() is rendered through its SQL expression; it needs
an update_expression to become real column assignments."""

from sqlalchemy import String, select, update
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Person(Base):
    __tablename__ = "person"
    id: Mapped[int] = mapped_column(primary_key=True)
    first: Mapped[str] = mapped_column(String(30))
    last: Mapped[str] = mapped_column(String(30))

    @hybrid_property
    def full(self) -> str:
        return self.first + " " + self.last

    @full.inplace.setter
    def _full_setter(self, value: str) -> None:
        self.first, self.last = value.split(" ", 1)

    @hybrid_property
    def full_split(self) -> str:
        return self.first + " " + self.last

    @full_split.inplace.update_expression
    @classmethod
    def _full_split_update(cls, value: str) -> list:
        first, last = value.split(" ", 1)
        return [(cls.first, first), (cls.last, last)]

    @hybrid_property
    def given(self) -> str:
        return self.first


def names(lab: Lab) -> list[tuple[str, str]]:
    """What another connection finds in the table: committed (first, last) pairs, by id."""
    with lab.other_connection() as other:
        return [tuple(row) for row in other.execute(select(Person.first, Person.last).order_by(Person.id))]


def run_update(lab: Lab, key, value: str) -> tuple[str, object]:
    """Run ``update(Person).values({key: value})`` for person 1 in a new Session and commit.

    Returns ("ok", None), or where it failed ("database" for a DBAPIError sent back by the server,
    "sqlalchemy" for an error raised before anything was sent) with the exception.
    """
    with Session(lab.engine) as session:
        try:
            session.execute(update(Person).where(Person.id == 1).values({key: value}))
            session.commit()
            return "ok", None
        except DBAPIError as error:
            return "database", error
        except SQLAlchemyError as error:
            return "sqlalchemy", error


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)
    with Session(lab.engine) as setup:
        setup.add(Person(id=1, first="Ada", last="Lovelace"))
        setup.commit()

    with lab.capture() as plain_sql:
        plain_where, plain_error = run_update(lab, Person.full, "Grace Hopper")
    lab.fact("update via Person.full: outcome", plain_where)
    lab.fact("update via Person.full: error", f"{type(plain_error).__name__}" if plain_error else None)
    plain_updates = plain_sql.of_kind("UPDATE")
    lab.fact("update via Person.full: UPDATE sent", [s.sql for s in plain_updates])
    after_plain = lab.fact("rows after update via Person.full", names(lab))

    with lab.capture() as split_sql:
        split_where, _ = run_update(lab, Person.full_split, "Grace Hopper")
    lab.fact("update via Person.full_split: outcome", split_where)
    lab.fact("update via Person.full_split: UPDATE sent", [s.sql for s in split_sql.of_kind("UPDATE")])
    after_split = lab.fact("rows after update via Person.full_split", names(lab))

    with lab.capture() as given_sql:
        given_where, _ = run_update(lab, Person.given, "Katherine")
    lab.fact("update via Person.given: outcome", given_where)
    lab.fact("update via Person.given: UPDATE sent", [s.sql for s in given_sql.of_kind("UPDATE")])
    after_given = lab.fact("rows after update via Person.given", names(lab))

    # The SET clause sent for Person.full: its left side is the concatenation, not a column.
    plain_set_names_both = bool(plain_updates) and all(
        plain_updates[0].mentions(column) for column in ("first", "last")
    )

    return {
        "A": plain_where == "ok" and after_plain == [("Grace", "Hopper")],
        "B": plain_where == "database" and len(plain_updates) == 1 and plain_set_names_both,
        "C": plain_where == "sqlalchemy" and len(plain_updates) == 0,
        "D": plain_where == "ok" and after_plain == [("Ada", "Lovelace")],
        "E": split_where == "ok" and after_split == [("Grace", "Hopper")],
        "F": given_where == "ok" and after_given == [("Katherine", "Hopper")],
    }


if __name__ == "__main__":
    run_alone(__file__)

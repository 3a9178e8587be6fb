"""A hybrid used as a SET key in an ORM update() is rendered through its SQL expression; it needs
an update_expression to become real column assignments."""

from sqlalchemy import String, select, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from verifiers import Lab, Statement, run_alone


SETTER_CALLS: list[str] = []


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
        SETTER_CALLS.append(value)
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


def run_update(lab: Lab, key, value: str) -> None:
    """Run ``update(Person).values({key: value})`` for person 1 in a new Session and commit."""
    with Session(lab.engine) as session:
        session.execute(update(Person).where(Person.id == 1).values({key: value}))
        session.commit()


def set_columns(statement: Statement) -> list[bool]:
    """Whether the UPDATE names `first`, and whether it names `last`."""
    return [statement.mentions("first"), statement.mentions("last")]


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)
    with Session(lab.engine) as setup:
        setup.add(Person(id=1, first="Ada", last="Lovelace"))
        setup.commit()

    with lab.capture() as plain_sql:
        plain = lab.attempt("update via Person.full", lambda: run_update(lab, Person.full, "Grace Hopper"))
    plain_updates = plain_sql.of_kind("UPDATE")
    lab.fact("update via Person.full: UPDATE sent", [s.sql for s in plain_updates])
    # The SET clause sent for Person.full: its left side is the concatenation, not a column.
    concatenation = "concat(" if lab.backend == "mariadb" else "||"
    plain_set_is_concatenation = lab.fact(
        "update via Person.full: the SET target is the concatenation the text names for this backend",
        len(plain_updates) == 1 and concatenation in plain_updates[0].sql.split(" SET ")[1].split("=")[0],
    )
    lab.fact("update via Person.full: the database's error is a syntax error", "syntax" in plain.message.lower())
    after_plain = lab.fact("rows after update via Person.full", names(lab))

    with lab.capture() as split_sql:
        split = lab.attempt("update via Person.full_split", lambda: run_update(lab, Person.full_split, "Grace Hopper"))
    split_update = split_sql.of_kind("UPDATE")
    lab.fact("update via Person.full_split: UPDATE sent", [s.sql for s in split_update])
    lab.fact("update via Person.full_split: names first, names last, values bound",
             [*set_columns(split_update[0]), split_update[0].values] if split_update else None)
    after_split = lab.fact("rows after update via Person.full_split", names(lab))

    with lab.capture() as given_sql:
        given = lab.attempt("update via Person.given", lambda: run_update(lab, Person.given, "Katherine"))
    given_update = given_sql.of_kind("UPDATE")
    lab.fact("update via Person.given: UPDATE sent", [s.sql for s in given_update])
    lab.fact("update via Person.given: names first, names last, values bound",
             [*set_columns(given_update[0]), given_update[0].values] if given_update else None)
    after_given = lab.fact("rows after update via Person.given", names(lab))
    lab.fact("setter calls during the three updates", len(SETTER_CALLS))

    return {
        "A": plain.ok and after_plain == [("Grace", "Hopper")],
        "B": isinstance(plain.error, DBAPIError) and plain_set_is_concatenation
        and set_columns(plain_updates[0]) == [True, True],
        "C": not plain.ok and not isinstance(plain.error, DBAPIError) and len(plain_updates) == 0,
        "D": plain.ok and after_plain == [("Ada", "Lovelace")],
        "E": split.ok and after_split == [("Grace", "Hopper")],
        "F": given.ok and after_given == [("Katherine", "Hopper")],
    }


if __name__ == "__main__":
    run_alone(__file__)

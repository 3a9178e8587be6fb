"""Appending the same object twice to a list-based many-to-many writes the link row twice; a set collection does not."""

from sqlalchemy import Column, ForeignKey, String, Table, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship

from verifiers import Capture, Lab, Statement, run_alone


class Base(DeclarativeBase):
    pass


# Composite primary key: a (user, group) pair can be stored once.
user_group = Table(
    "user_group",
    Base.metadata,
    Column("user_id", ForeignKey("users.id"), primary_key=True),
    Column("group_id", ForeignKey("groups.id"), primary_key=True),
)

# No key and no unique constraint: nothing stops a pair from being stored twice.
user_badge = Table(
    "user_badge",
    Base.metadata,
    Column("user_id", ForeignKey("users.id")),
    Column("group_id", ForeignKey("groups.id")),
)

# Composite primary key again, behind a set collection.
user_team = Table(
    "user_team",
    Base.metadata,
    Column("user_id", ForeignKey("users.id"), primary_key=True),
    Column("group_id", ForeignKey("groups.id"), primary_key=True),
)


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    groups: Mapped[list["Group"]] = relationship(secondary=user_group)
    badges: Mapped[list["Group"]] = relationship(secondary=user_badge)
    teams: Mapped[set["Group"]] = relationship(secondary=user_team)


class Group(Base):
    __tablename__ = "groups"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))


def rows_sent(statement: Statement) -> int:
    """How many rows one INSERT carried: one per parameter set when it ran as an executemany."""
    return len(statement.parameters) if statement.executemany else 1


def add_twice(lab: Lab, attribute: str, table: Table) -> tuple[int, Capture, str | None]:
    """In a fresh session, add the same group to ada's collection twice, then flush and commit.

    Returns the collection's length before the flush, what the flush sent, and the error's class name if any.
    """
    with Session(lab.engine) as session:
        ada = session.scalars(select(User).where(User.name == "ada")).one()
        staff = session.scalars(select(Group).where(Group.name == "staff")).one()
        collection = getattr(ada, attribute)
        add = collection.add if isinstance(collection, set) else collection.append
        error = None
        add(staff)
        try:
            add(staff)
        except Exception as exc:  # the option that says the second append is refused
            error = type(exc).__name__
        length = lab.fact(f"ada.{attribute}: length before the flush", len(collection))
        with lab.capture() as flushed:
            try:
                session.flush()
            except IntegrityError as exc:
                error = error or type(exc).__name__
        if error is None:
            session.commit()
        else:
            session.rollback()
    inserts = flushed.of_kind("INSERT").mentioning(table.name)
    lab.fact(f"ada.{attribute}: INSERTs into {table.name} and rows each carried", [rows_sent(s) for s in inserts])
    lab.fact(f"ada.{attribute}: exception raised", error)
    return length, inserts, error


def stored_pairs(lab: Lab, table: Table) -> int:
    with lab.other_connection() as other:
        return len(other.execute(select(table.c.user_id, table.c.group_id)).all())


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)
    with Session(lab.engine) as session:
        session.add_all([User(name="ada"), Group(name="staff")])
        session.commit()

    list_length, list_inserts, list_error = add_twice(lab, "groups", user_group)
    list_rows = lab.fact("user_group rows afterwards", stored_pairs(lab, user_group))
    lab.fact("ada.groups: the INSERT into user_group ran as an executemany", [s.executemany for s in list_inserts])
    loose_length, loose_inserts, loose_error = add_twice(lab, "badges", user_badge)
    loose_rows = lab.fact("user_badge rows afterwards", stored_pairs(lab, user_badge))
    set_length, set_inserts, set_error = add_twice(lab, "teams", user_team)
    set_rows = lab.fact("user_team rows afterwards", stored_pairs(lab, user_team))

    return {
        "A": list_error is None and [rows_sent(s) for s in list_inserts] == [1] and list_rows == 1,
        "B": list_error not in (None, "IntegrityError") or list_length < 2,
        "C": list_length == 2,
        "D": list_error == "IntegrityError" and [rows_sent(s) for s in list_inserts] == [2] and list_rows == 0,
        "E": loose_error is None and loose_length == 2 and sum(rows_sent(s) for s in loose_inserts) == 2 and loose_rows == 2,
        "F": set_error is None and set_length == 1 and [rows_sent(s) for s in set_inserts] == [1] and set_rows == 1,
    }


if __name__ == "__main__":
    run_alone(__file__)

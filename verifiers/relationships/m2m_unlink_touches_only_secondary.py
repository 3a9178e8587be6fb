"""Deleting the owner of a many-to-many collection deletes its link rows, never the related objects."""

import re

from sqlalchemy import Column, ForeignKey, String, Table, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship

from verifiers import Lab, Statement, run_alone


class Base(DeclarativeBase):
    pass


user_group = Table(
    "user_group",
    Base.metadata,
    Column("user_id", ForeignKey("users.id"), primary_key=True),
    Column("group_id", ForeignKey("groups.id"), primary_key=True),
)


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    groups: Mapped[list["Group"]] = relationship(secondary=user_group)  # default cascade: save-update, merge


class Group(Base):
    __tablename__ = "groups"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))


def deleted_table(statement: Statement) -> str:
    """The table a DELETE statement removes rows from."""
    match = re.match(r"\s*DELETE\s+FROM\s+[`\"]?(\w+)", statement.sql, re.I)
    return match.group(1).lower() if match else "?"


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)
    with Session(lab.engine) as session:
        admins, staff = Group(name="admins"), Group(name="staff")
        session.add_all([User(name="ada", groups=[admins, staff]), User(name="bob", groups=[staff])])
        session.commit()

    with Session(lab.engine) as session:
        ada = session.scalars(select(User).where(User.name == "ada")).one()
        lab.fact("ada.groups loaded before delete", "groups" not in lab.state(ada).unloaded)
        session.delete(ada)
        error = None
        with lab.capture() as flushed:
            try:
                session.flush()
            except IntegrityError as exc:
                error = type(exc).__name__
        lab.fact("exception raised by the flush", error)
        if error is None:
            session.commit()
        else:
            session.rollback()

    queries = lab.fact("statements the flush sent", flushed.queries.kinds())
    first = flushed.queries[0]
    loads_groups_first = first.kind == "SELECT" and first.mentions("groups") and first.mentions("user_group")
    deletes = lab.fact("tables DELETEd from, in order", [deleted_table(s) for s in flushed.of_kind("DELETE")])
    link_delete = [s for s in flushed.of_kind("DELETE") if deleted_table(s) == "user_group"]
    lab.fact(
        "pairs the DELETE on user_group carried",
        [len(s.values) if s.executemany else 1 for s in link_delete],
    )
    lab.fact(
        "the DELETE on user_group matches on user_id and group_id",
        [s.mentions("user_id") and s.mentions("group_id") for s in link_delete],
    )

    with lab.other_connection() as other:
        users_left = lab.fact("users rows after commit", other.scalar(select(func.count()).select_from(User)))
        group_names = lab.fact("groups rows after commit", sorted(other.scalars(select(Group.name))))
        links = lab.fact(
            "user_group rows after commit (user, group)",
            sorted(
                tuple(row)
                for row in other.execute(
                    select(User.name, Group.name)
                    .join(user_group, user_group.c.user_id == User.id)
                    .join(Group, Group.id == user_group.c.group_id)
                )
            ),
        )

    return {
        "A": error == "IntegrityError" and "user_group" not in deletes,
        "B": error is None and deletes == ["user_group", "users"] and users_left == 1,
        "C": loads_groups_first and queries.count("SELECT") == 1,
        "D": "admins" not in group_names,
        "E": ("bob", "staff") not in links,
    }


if __name__ == "__main__":
    run_alone(__file__)

"""Both sides of a many-to-many mapped over one table, not linked: two warnings, and two INSERTs of the same pair."""

import warnings

from sqlalchemy import Column, ForeignKey, Table
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship

from verifiers import Lab, run_alone


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
    groups: Mapped[list["Group"]] = relationship(secondary=user_group)        # no back_populates


class Group(Base):
    __tablename__ = "groups"
    id: Mapped[int] = mapped_column(primary_key=True)
    users: Mapped[list[User]] = relationship(secondary=user_group)           # no back_populates


def prove(lab: Lab) -> dict[str, bool]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        Base.registry.configure()
    overlap_warnings = lab.fact("SAWarnings while configuring that name a conflict", sum(
        1 for w in caught if "conflicts with relationship" in str(w.message)))

    with lab.setup():
        Base.metadata.create_all(lab.engine)

    with Session(lab.engine) as session:
        user, group = User(id=1), Group(id=1)
        user.groups.append(group)
        group.users.append(user)        # the same pair, from the other side
        session.add_all([user, group])
        with lab.capture() as flushing:
            flushed = lab.attempt("session.flush()", session.flush)
        session.rollback()
    link_inserts = [s for s in flushing.of_kind("INSERT") if s.mentions("user_group")]
    rows_sent = lab.fact("rows sent to user_group", sum(len(s.values) if s.executemany else 1 for s in link_inserts))

    return {
        "A": overlap_warnings == 2,
        "B": overlap_warnings == 0,
        "C": rows_sent == 2 and flushed.raised(IntegrityError),
        "D": flushed.ok and rows_sent == 1,
    }


if __name__ == "__main__":
    run_alone(__file__)

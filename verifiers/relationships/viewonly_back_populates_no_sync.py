"""A writable relationship whose back_populates is view-only: accepted silently, and never synced in memory."""

import warnings

from sqlalchemy import ForeignKey
from sqlalchemy.exc import ArgumentError, InvalidRequestError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    tasks: Mapped[list["Task"]] = relationship(viewonly=True, back_populates="user")


class Task(Base):
    __tablename__ = "task"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    user: Mapped[User | None] = relationship(back_populates="tasks")


class SyncBase(DeclarativeBase):  # the same, asking for sync_backref on the writable side
    pass


class Member(SyncBase):
    __tablename__ = "member"
    id: Mapped[int] = mapped_column(primary_key=True)
    chores: Mapped[list["Chore"]] = relationship(viewonly=True, back_populates="member")


class Chore(SyncBase):
    __tablename__ = "chore"
    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int | None] = mapped_column(ForeignKey("member.id"))
    member: Mapped[Member | None] = relationship(back_populates="chores", sync_backref=True)


def prove(lab: Lab) -> dict[str, bool]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        configured = lab.attempt("configuring User/Task", Base.registry.configure)
    lab.fact("warnings while configuring User/Task", [str(w.message)[:80] for w in caught])

    with lab.setup():
        Base.metadata.create_all(lab.engine)

    with Session(lab.engine) as session, lab.capture():
        user, task = User(id=1), Task(id=1)
        task.user = user
        in_memory = lab.fact("user.tasks after task.user = user", [t.id for t in user.tasks])
        session.add_all([user, task])
        session.flush()
        with lab.capture() as reading:
            after_flush = [t.id for t in user.tasks]
        session.rollback()
    lab.fact("user.tasks read after the flush, and the SELECTs of task that read sent",
             [after_flush, len([q for q in reading.of_kind("SELECT") if q.mentions("task")])])

    writable_side = lab.attempt("configuring with sync_backref=True on Chore.member", SyncBase.registry.configure)
    viewonly_side = lab.attempt("relationship(viewonly=True, sync_backref=True)",
                                lambda: relationship(viewonly=True, sync_backref=True))

    return {
        "A": writable_side.ok,
        "B": not configured.ok,
        "C": in_memory == [1],
        "D": writable_side.raised(InvalidRequestError, match="sync_backref")
        and viewonly_side.raised(ArgumentError, match="sync_backref and viewonly"),
        "E": configured.ok and caught == [] and in_memory == [],
    }


if __name__ == "__main__":
    run_alone(__file__)

"""Defaults are not applied at construction; after the flush a server default arrives through RETURNING (eager_defaults="auto")."""

import re

from sqlalchemy import String
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Task(Base):
    __tablename__ = "task"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(50))
    priority: Mapped[int] = mapped_column(default=0)
    status: Mapped[str] = mapped_column(String(20), server_default="new")


class LazyTask(Base):  # the same columns, with eager_defaults=False
    __tablename__ = "lazy_task"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(50))
    priority: Mapped[int] = mapped_column(default=0)
    status: Mapped[str] = mapped_column(String(20), server_default="new")
    __mapper_args__ = {"eager_defaults": False}


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)

    with Session(lab.engine) as session:
        task = Task(title="write docs")
        with lab.capture() as constructing:
            before = lab.fact("(priority, status) before the flush", [task.priority, task.status])
        session.add(task)
        with lab.capture() as flushing:
            session.flush()
        with lab.capture() as reading:
            after = lab.fact("(priority, status) after the flush", [task.priority, task.status])
        lab.fact("statements sent while reading them before the flush", constructing.kinds())
        insert = flushing.of_kind("INSERT")[0]
        lab.fact("statements the flush sent", flushing.queries.kinds())
        # status is not among the inserted columns, so the only place it can stand is the RETURNING clause.
        returns_status = lab.fact("the INSERT returns status",
                                  re.search(r"\bRETURNING\b.*\bstatus\b", insert.sql, re.I | re.S) is not None)
        lab.fact("the INSERT binds priority 0", 0 in insert.values)
        read_sql = lab.fact("statements sent while reading them", reading.kinds())
        session.rollback()

    with Session(lab.engine) as session:
        lazy = LazyTask(title="write docs")
        session.add(lazy)
        with lab.capture() as lazy_flush:
            session.flush()
        lab.fact("eager_defaults=False: the INSERT returns status", lazy_flush.of_kind("INSERT")[0].mentions("status"))
        lab.fact("eager_defaults=False: status is expired after the flush", "status" in lab.state(lazy).expired_attributes)
        with lab.capture() as lazy_read:
            lazy_status = lab.fact("eager_defaults=False: status read after the flush", lazy.status)
        lab.fact("eager_defaults=False: statements sent while reading status", lazy_read.queries.kinds())
        session.rollback()

    return {
        "A": before == [0, "new"],
        "B": before == [None, None] and after == [0, "new"] and read_sql == [] and returns_status,
        "C": before == [None, None] and reading.count("SELECT") == 1,
        "D": after[1] is None,
        "E": lazy_status is None,
    }


if __name__ == "__main__":
    run_alone(__file__)

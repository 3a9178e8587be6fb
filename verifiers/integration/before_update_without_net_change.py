"""Assigning a column its current value marks the object dirty: before_update runs at flush, yet no UPDATE is sent."""

from sqlalchemy import String, event, inspect
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Account(Base):
    __tablename__ = "account"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    name: Mapped[str] = mapped_column(String(50))


# What the mapper listeners are called for, in order.
calls: list[str] = []


@event.listens_for(Account, "before_update")
def on_before_update(mapper, connection, target: Account) -> None:
    calls.append(f"before_update {target.name}")


@event.listens_for(Account, "after_update")
def on_after_update(mapper, connection, target: Account) -> None:
    calls.append(f"after_update {target.name}")


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)
    with Session(lab.engine) as setup:
        setup.add(Account(id=1, name="ada"))
        setup.commit()

    with Session(lab.engine) as session:
        acct = session.get(Account, 1)
        acct.name = "ada"  # the value it already holds

        in_dirty = lab.fact("acct in session.dirty after the assignment", acct in session.dirty)
        modified = lab.fact("session.is_modified(acct) after the assignment", session.is_modified(acct))
        lab.fact("name's history has changes", inspect(acct).attrs.name.history.has_changes())

        with lab.capture() as flushed:
            session.flush()
        lab.fact("mapper listener calls during flush", list(calls))
        lab.fact("statements the flush sent", flushed.kinds())
        session.commit()

    return {
        "A": in_dirty,
        "B": modified,
        "C": calls.count("before_update ada") == 1,
        "D": flushed.count("UPDATE") == 1,
        "E": "after_update ada" in calls,
    }


if __name__ == "__main__":
    run_alone(__file__)

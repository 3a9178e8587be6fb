"""Flush sends the INSERT and makes the object persistent, but commits nothing."""

from sqlalchemy import String, func, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Account(Base):
    __tablename__ = "account"
    id: Mapped[int] = mapped_column(primary_key=True)
    owner: Mapped[str] = mapped_column(String(50))


def rows_another_connection_sees(lab: Lab) -> int:
    with lab.other_connection() as other:
        return other.scalar(select(func.count()).select_from(Account))


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)

    with Session(lab.engine) as session:
        account = Account(owner="ada")
        session.add(account)
        with lab.capture() as flushed:
            session.flush()

        state = lab.fact("state after flush", lab.state(account))
        lab.fact("statements the flush sent", flushed.kinds())
        seen_before_commit = lab.fact("rows another connection counts", rows_another_connection_sees(lab))
        session.rollback()

    seen_after_rollback = lab.fact("rows after session.rollback()", rows_another_connection_sees(lab))

    return {
        "A": state.pending,
        "B": state.persistent and state.identity is not None,
        "C": flushed.count("INSERT") == 1,
        "D": seen_before_commit == 1,
        "E": seen_after_rollback == 1,
    }


if __name__ == "__main__":
    run_alone(__file__)

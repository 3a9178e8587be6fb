"""A Session on an AUTOCOMMIT engine: each flushed row is durable at once, and rollback() undoes nothing."""

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError, InvalidRequestError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Account(Base):
    __tablename__ = "account"
    id: Mapped[int] = mapped_column(primary_key=True)
    balance: Mapped[int]


def rows_another_connection_counts(lab: Lab) -> int:
    with lab.other_connection() as other:
        return other.scalar(select(func.count()).select_from(Account))


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        Base.metadata.create_all(lab.engine)

    autocommit_engine = lab.engine.execution_options(isolation_level="AUTOCOMMIT")
    with Session(autocommit_engine) as session:
        account = Account(id=1, balance=100)
        session.add(account)
        with lab.capture() as flushing:
            flush = lab.attempt("session.flush()", session.flush)
        count_1 = lab.fact("(1) rows another connection counts after flush()", rows_another_connection_counts(lab))
        with lab.capture() as rolling_back:
            rollback = lab.attempt("session.rollback()", session.rollback)
        lab.fact("statements rollback() sent", rolling_back.kinds())
        count_2 = lab.fact("(2) rows another connection counts after rollback()", rows_another_connection_counts(lab))
        state = lab.fact("account after rollback()", lab.state(account))
        session.add(account)
        again = lab.attempt("adding account again and flushing", session.flush)
        lab.fact("adding account again and flushing raises IntegrityError", again.raised(IntegrityError))
        session.rollback()

    lab.fact("statements the flush sent", flushing.kinds())

    return {
        "A": flush.raised(InvalidRequestError),
        "B": count_1 == 0 and count_2 == 0,
        "C": count_1 == 1 and count_2 == 0,
        "D": state.persistent,
        "E": count_1 == 1 and count_2 == 1 and state.transient,
        "F": not rollback.ok,
    }


if __name__ == "__main__":
    run_alone(__file__)

"""A write-only collection is never loaded: reading it means building and running a SELECT yourself."""

from sqlalchemy import ForeignKey, insert, select
from sqlalchemy.exc import InvalidRequestError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, WriteOnlyMapped, mapped_column, relationship, selectinload

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Account(Base):
    __tablename__ = "account"
    id: Mapped[int] = mapped_column(primary_key=True)
    events: WriteOnlyMapped["Event"] = relationship()


class Event(Base):
    __tablename__ = "event"
    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id"))


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        Base.metadata.create_all(lab.engine)
        with lab.engine.begin() as conn:
            conn.execute(insert(Account).values(id=1))
            conn.execute(insert(Event), [{"id": i, "account_id": 1} for i in (1, 2, 3)])

    with Session(lab.engine) as session:
        account = session.get(Account, 1)
        lab.fact("type of account.events", type(account.events).__name__)
        with lab.capture() as iterating:
            iterated = lab.attempt("list(account.events)", lambda: list(account.events))
        lab.fact("statements sent by list(account.events)", iterating.kinds())
        building = lab.attempt("select(Account).options(selectinload(Account.events))",
                               lambda: select(Account).options(selectinload(Account.events)))
        with lab.capture() as running:
            eager = lab.attempt("session.scalars(that statement).all()",
                                lambda: session.scalars(building.value).all())
        lab.fact("building the eager query raised, and the SELECTs of account running it sent",
                 [not building.ok, len([q for q in running.of_kind("SELECT") if q.mentions("account")])])
        with lab.capture() as selecting:
            ids = lab.fact("session.scalars(account.events.select().order_by(Event.id)) ids",
                           [e.id for e in session.scalars(account.events.select().order_by(Event.id))])
        where = selecting.of_kind("SELECT")[0]
        lab.fact("that SELECT binds the account's id", where.values == [1])

    return {
        "A": eager.ok,
        "B": iterated.ok,
        "C": eager.raised(InvalidRequestError, match="does not support object population"),
        "D": iterated.raised(TypeError, match="select\\(\\) method") and iterating.kinds() == [],
        "E": ids == [1, 2, 3],
    }


if __name__ == "__main__":
    run_alone(__file__)

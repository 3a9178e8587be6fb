"""after_rollback fires for a Session that never touched the database, yet not for rollback() after a failed flush."""

from sqlalchemy import String, event, exc
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, sessionmaker

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Tag(Base):
    __tablename__ = "tag"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    name: Mapped[str] = mapped_column(String(20))


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        Base.metadata.create_all(lab.engine)
        with sessionmaker(lab.engine)() as setup:
            setup.add(Tag(id=1, name="kept"))
            setup.commit()

    SessionLocal = sessionmaker(lab.engine)
    log: list[str] = []
    event.listen(SessionLocal, "after_rollback", lambda session: log.append("after_rollback"))
    event.listen(SessionLocal, "after_soft_rollback", lambda session, previous: log.append("after_soft_rollback"))
    checkouts = []
    event.listen(lab.engine, "checkout", lambda *args: checkouts.append(1))

    # (1) a session that only add()s, then rolls back
    with SessionLocal() as session:
        session.add(Tag(id=2, name="new"))
        lab.fact("session.in_transaction() after add() (1)", session.in_transaction())
        with lab.capture() as first:
            session.rollback()
        events_1 = lab.fact("events fired by rollback() (1)", list(log))
        sent_1 = lab.fact("statements rollback() (1) sent", first.kinds())
        checked_out_1 = lab.fact("connections checked out before and during (1)", len(checkouts))

    # (2) a flush that fails, then (3) an explicit rollback()
    with SessionLocal() as session:
        session.add(Tag(id=1, name="duplicate"))
        del log[:]
        with lab.capture() as failing:
            flush = lab.attempt("the failing flush (2)", session.flush)
        events_2 = lab.fact("events fired by the failing flush (2)", list(log))
        lab.fact("statements the failing flush (2) sent", failing.kinds())
        del log[:]
        with lab.capture() as explicit:
            session.rollback()
        events_3 = lab.fact("events fired by rollback() (3)", list(log))
        sent_3 = lab.fact("statements rollback() (3) sent", explicit.kinds())

    return {
        "A": set(events_1) == {"after_rollback", "after_soft_rollback"} and checked_out_1 == 0 and sent_1 == [],
        "B": events_1 == [],
        "C": events_1 == ["after_soft_rollback"],
        "D": flush.raised(exc.IntegrityError) and "after_rollback" in events_2,
        "E": sent_3.count("ROLLBACK") > 0,
        "F": events_3 == ["after_soft_rollback"],
    }


if __name__ == "__main__":
    run_alone(__file__)

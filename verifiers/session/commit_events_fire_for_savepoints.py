"""before_commit/after_commit fire when a savepoint is released, and after_rollback when one is rolled back."""

from sqlalchemy import String, event
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, sessionmaker

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Tag(Base):
    __tablename__ = "tag"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(20))


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        Base.metadata.create_all(lab.engine)

    SessionLocal = sessionmaker(lab.engine)
    log: list[str] = []
    ended_nested: list[bool] = []  # .nested of savepoints and of the outer transaction, as after_transaction_end sees them

    for name in ("before_commit", "after_commit", "after_rollback"):
        event.listen(SessionLocal, name, lambda session, _name=name: log.append(_name))

    @event.listens_for(SessionLocal, "after_transaction_end")
    def ended(session, transaction):
        if transaction.nested or transaction.parent is None:  # leave out the flush's own subtransactions
            ended_nested.append(transaction.nested)

    with lab.capture() as sql:
        with SessionLocal() as session:
            with session.begin_nested():           # (1) released at the end of the block
                session.add(Tag(name="a"))
            savepoint = session.begin_nested()     # (2) rolled back
            session.add(Tag(name="b"))
            session.flush()
            savepoint.rollback()
            session.commit()                       # (3)
    events = lab.fact("events logged", log)
    lab.fact("statements sent", sql.kinds())
    lab.fact(".nested of the transactions after_transaction_end reported (savepoints and outer)", ended_nested)

    return {
        "A": events == ["before_commit", "after_commit"],
        "B": events == ["after_rollback", "before_commit", "after_commit"],
        "C": events == ["before_commit", "after_commit", "before_commit", "after_commit"],
        "D": events == ["before_commit", "before_commit", "after_commit"],
        "E": events == ["before_commit", "after_commit", "after_rollback", "before_commit", "after_commit", "after_rollback"],
        "F": events == ["before_commit", "after_commit", "after_rollback", "before_commit", "after_commit"],
    }


if __name__ == "__main__":
    run_alone(__file__)

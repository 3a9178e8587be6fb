"""A DEFERRABLE INITIALLY DEFERRED foreign key lets the flush pass and fails the COMMIT, leaving the session 'prepared'."""

from sqlalchemy import ForeignKey, exc, func, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Parent(Base):
    __tablename__ = "parent"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)


class Child(Base):
    __tablename__ = "child"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    parent_id: Mapped[int] = mapped_column(ForeignKey("parent.id", deferrable=True, initially="DEFERRED"))


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        Base.metadata.create_all(lab.engine)

    with Session(lab.engine) as session:
        child = Child(id=1, parent_id=42)  # parent 42 does not exist
        session.add(child)
        with lab.capture() as flushing:
            flush = lab.attempt("session.flush()", session.flush)
        lab.fact("statements the flush sent", flushing.kinds())
        with lab.capture() as committing:
            commit = lab.attempt("session.commit()", session.commit)
        lab.fact("statements commit() sent", committing.kinds())
        child_after_commit = lab.fact("child after the failed commit", lab.state(child))
        lab.fact("session.is_active / in_transaction() after the failed commit",
                 [session.is_active, session.in_transaction()])
        with lab.capture() as refused:
            next_sql = lab.attempt("session.execute(select(1)) after the failed commit",
                                   lambda: session.execute(select(1)))
        lab.fact("statements the refused execute() sent", refused.kinds())
        session.rollback()
        child_after_rollback = lab.fact("child after session.rollback()", lab.state(child))
        with lab.capture() as requery:
            count = lab.attempt("a query after rollback()", lambda: session.scalar(select(func.count()).select_from(Child)))

    return {
        "A": flush.raised(exc.IntegrityError),
        "B": flush.ok and commit.raised(exc.IntegrityError),
        "C": next_sql.raised(exc.PendingRollbackError),
        "D": next_sql.raised(exc.InvalidRequestError, match="'prepared' state; no further SQL can be emitted"),
        "E": child_after_commit.transient,
        "F": child_after_rollback.transient and count.ok and count.value == 0,
    }


if __name__ == "__main__":
    run_alone(__file__)

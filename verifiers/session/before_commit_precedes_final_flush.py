"""before_commit fires before commit()'s own flush: pending objects are still new, and what it adds is committed too."""

from sqlalchemy import String, event, exc, select
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, sessionmaker

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Order(Base):
    __tablename__ = "orders"
    id: Mapped[int] = mapped_column(primary_key=True)
    item: Mapped[str] = mapped_column(String(50))


class AuditLog(Base):
    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(primary_key=True)
    note: Mapped[str] = mapped_column(String(100))


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        Base.metadata.create_all(lab.engine)

    SessionLocal = sessionmaker(lab.engine)
    in_hook: list = []

    @event.listens_for(SessionLocal, "before_commit")
    def on_before_commit(session):
        in_hook.append(sorted(type(obj).__name__ for obj in session.new))
        session.add(AuditLog(note=f"{len(session.new)} new object(s)"))

    flushes: list[int] = []  # the proof's own observer: one entry per flush (the stem's code has no such listener)

    @event.listens_for(SessionLocal, "after_flush")
    def count_flushes(session, flush_context):
        flushes.append(len(flush_context.states))

    with SessionLocal() as session:
        session.add(Order(item="book"))
        with lab.capture() as committing:
            commit = lab.attempt("session.commit()", session.commit)
        lab.fact("statements commit() sent", committing.kinds())
        lab.fact("session.new inside before_commit (class names)", in_hook)
        lab.fact("flushes commit() ran, with the objects each wrote", flushes)

    with lab.other_connection() as other:
        notes = lab.fact("audit notes another connection reads", list(other.scalars(select(AuditLog.note))))
        orders = lab.fact("orders another connection reads", list(other.scalars(select(Order.item))))

    inserts = committing.of_kind("INSERT")
    return {
        "A": in_hook == [[]],
        "B": commit.ok and notes == [],
        "C": committing.count("COMMIT") == 2,
        "D": in_hook == [["Order"]] and notes == ["1 new object(s)"] and orders == ["book"]
        and committing.kinds() == ["BEGIN", "INSERT", "INSERT", "COMMIT"] and inserts.mentioning("audit_log").count() == 1
        and inserts.mentioning("orders").count() == 1 and flushes == [2],
        "E": commit.raised(exc.InvalidRequestError),
    }


if __name__ == "__main__":
    run_alone(__file__)

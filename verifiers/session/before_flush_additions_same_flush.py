"""Objects added to the session inside before_flush are inserted by that same flush."""

from sqlalchemy import String, event, func, select
from sqlalchemy.exc import InvalidRequestError
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
    calls = {"before_flush": 0, "after_flush": 0}
    audits: list[AuditLog] = []  # the proof keeps the AuditLog it adds, to inspect it (the identity map is weak)

    @event.listens_for(SessionLocal, "before_flush")
    def audit_new_orders(session, flush_context, instances):
        calls["before_flush"] += 1
        for obj in session.new:
            if isinstance(obj, Order):
                audits.append(AuditLog(note=f"new order: {obj.item}"))
                session.add(audits[-1])

    @event.listens_for(SessionLocal, "after_flush")
    def count_after_flush(session, flush_context):
        calls["after_flush"] += 1

    with SessionLocal() as session:
        session.add(Order(item="book"))
        with lab.capture() as flushed:
            flush = lab.attempt("session.flush()", session.flush)
        lab.fact("INSERTs the flush sent, by table",
                 [("orders" if s.mentions("orders") else "audit_log") for s in flushed.of_kind("INSERT")])
        during_flush = lab.fact("before_flush / after_flush calls during session.flush()", dict(calls))
        pending_after = lab.fact("len(session.new) after session.flush()", len(session.new))
        audit_state = lab.fact("the AuditLog after session.flush()", lab.state(audits[0]).status if audits else None)
        with lab.capture() as committing:
            session.commit()
        lab.fact("statements commit() sent", committing.kinds())

    with lab.other_connection() as other:
        audit_rows = lab.fact("audit rows another connection counts", other.scalar(select(func.count()).select_from(AuditLog)))

    return {
        "A": flush.ok and flushed.mentioning("audit_log").count("INSERT") == 1 and flushed.mentioning("orders").count("INSERT") == 1,
        "B": flush.raised(InvalidRequestError),
        "C": during_flush["after_flush"] == 2,
        "D": pending_after == 0 and audit_state == "persistent",
        "E": committing.count("INSERT") == 1 and audit_rows == 1,
        "F": during_flush["before_flush"] > 1,
    }


if __name__ == "__main__":
    run_alone(__file__)

"""Objects added in after_flush miss the running flush: they stay pending until the next flush, e.g. commit()'s."""

import warnings

from sqlalchemy import String, event, exc, func, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, object_session, sessionmaker

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
    calls = {"after_flush": 0}
    audits: list[AuditLog] = []  # the proof keeps the AuditLog it adds, to inspect it

    @event.listens_for(SessionLocal, "after_flush")
    def audit_new_orders(session, flush_context):
        calls["after_flush"] += 1
        for obj in session.new:  # in after_flush, session.new still lists what this flush inserted
            if isinstance(obj, Order):
                audits.append(AuditLog(note=f"new order: {obj.item}"))
                session.add(audits[-1])

    with SessionLocal() as session:
        session.add(Order(item="book"))
        with warnings.catch_warnings(record=True) as caught, lab.capture() as flushed:
            warnings.simplefilter("always")
            flush = lab.attempt("session.flush()", session.flush)
        sa_warnings = lab.fact("SAWarnings during session.flush()",
                               [str(w.message) for w in caught if issubclass(w.category, exc.SAWarning)])
        lab.fact("INSERTs session.flush() sent, by table",
                 [("orders" if s.mentions("orders") else "audit_log") for s in flushed.of_kind("INSERT")])
        lab.fact("after_flush calls during session.flush()", calls["after_flush"])
        pending = lab.fact("AuditLog objects in session.new at (here)",
                           sum(isinstance(obj, AuditLog) for obj in session.new))
        with lab.capture() as committing:
            commit = lab.attempt("session.commit()", session.commit)
        lab.fact("statements commit() sent", committing.kinds())
        lab.fact("after_flush calls in all", calls["after_flush"])

    with lab.other_connection() as other:
        audit_rows = lab.fact("audit rows another connection counts",
                              other.scalar(select(func.count()).select_from(AuditLog)))

    # For contrast: add() from a mapper event, which runs while the flush executes, is warned about.
    def add_from_after_insert(mapper, connection, target):
        object_session(target).add(AuditLog(note=f"new order: {target.item}"))

    event.listen(Order, "after_insert", add_from_after_insert)
    try:
        with Session(lab.engine) as session:
            session.add(Order(item="pen"))
            with warnings.catch_warnings(record=True) as caught_mapper, lab.capture():
                warnings.simplefilter("always")
                lab.attempt("a flush whose after_insert listener calls add()", session.flush)
            session.rollback()
    finally:
        event.remove(Order, "after_insert", add_from_after_insert)
    lab.fact("SAWarnings about Session.add() from after_insert",
             sum(issubclass(w.category, exc.SAWarning) and "Session.add()" in str(w.message) for w in caught_mapper))

    return {
        "A": flushed.mentioning("audit_log").count("INSERT") == 1,
        "B": flushed.mentioning("orders").count("INSERT") == 1 and flushed.mentioning("audit_log").count("INSERT") == 0
        and pending == 1 and committing.mentioning("audit_log").count("INSERT") == 1 and audit_rows == 1,
        "C": len(sa_warnings) > 0 and audit_rows == 0,
        "D": commit.ok and audit_rows == 0,
        "E": flush.raised(exc.InvalidRequestError),
    }


if __name__ == "__main__":
    run_alone(__file__)

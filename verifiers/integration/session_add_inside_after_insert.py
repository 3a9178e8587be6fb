"""Session.add() inside an after_insert listener warns, and the object waits for the next flush."""

import warnings

from sqlalchemy import String, event, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, object_session

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Order(Base):
    __tablename__ = "purchase_order"
    id: Mapped[int] = mapped_column(primary_key=True)
    item: Mapped[str] = mapped_column(String(50))


class AuditLog(Base):
    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(primary_key=True)
    note: Mapped[str] = mapped_column(String(100))


@event.listens_for(Order, "after_insert")
def log_insert(mapper, connection, target: Order) -> None:
    object_session(target).add(AuditLog(note=f"order {target.id} created"))


def audit_rows_seen_by_another_connection(lab: Lab) -> list[str]:
    with lab.other_connection() as other:
        return list(other.scalars(select(AuditLog.note)))


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)

    with Session(lab.engine) as session:
        session.add(Order(item="book"))
        raised = None
        with lab.capture() as flushed, warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                session.flush()
            except Exception as error:  # the question asks whether add() raises here
                raised = type(error).__name__
        lab.fact("exception from the flush", raised)
        warned = lab.fact("warnings during the flush", [f"{w.category.__name__}: {w.message}" for w in caught])
        flush_inserts = lab.fact("tables the flush inserted into",
                                 [t for s in flushed.of_kind("INSERT") for t in ("purchase_order", "audit_log") if s.mentions(t)])
        pending = lab.fact("AuditLog objects in session.new after the flush",
                           [o.note for o in session.new if isinstance(o, AuditLog)])

        with lab.capture() as committed:
            session.commit()
        lab.fact("statements commit() sent", committed.kinds())

    stored = lab.fact("audit rows another connection sees after commit", audit_rows_seen_by_another_connection(lab))

    return {
        "A": "audit_log" in flush_inserts,
        "B": raised == "InvalidRequestError",
        "C": any(w.startswith("SAWarning") and "Session.add()" in w for w in warned),
        "D": len(pending) == 1,
        "E": len(stored) == 1,
    }


if __name__ == "__main__":
    run_alone(__file__)

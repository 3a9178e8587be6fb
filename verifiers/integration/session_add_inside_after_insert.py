"""Session.add() inside an after_insert listener warns, and the object waits for the next flush."""

import re
import warnings

from sqlalchemy import String, event, select
from sqlalchemy.exc import InvalidRequestError, SAWarning
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
        with lab.capture() as flushed, warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            flush = lab.attempt("the flush", session.flush)  # the question asks whether add() raises here
        lab.fact("the flush completed without an exception", flush.ok)
        warned = [(w.category, str(w.message)) for w in caught]
        lab.fact("warnings during the flush", [f"{category.__name__}: {message}" for category, message in warned])
        lab.fact("the warning says results may not be consistent",
                 any("Results may not be consistent" in message for _, message in warned))
        flush_inserts = lab.fact("tables the flush inserted into",
                                 [t for s in flushed.of_kind("INSERT") for t in ("purchase_order", "audit_log") if s.mentions(t)])
        pending = lab.fact("AuditLog objects in session.new after the flush",
                           [o.note for o in session.new if isinstance(o, AuditLog)])

        with lab.capture() as committed:
            session.commit()
        lab.fact("statements commit() sent", committed.kinds())
        lab.fact("tables commit() inserted into",
                 [t for s in committed.of_kind("INSERT") for t in ("purchase_order", "audit_log") if s.mentions(t)])

    stored = lab.fact("audit rows another connection sees after commit", audit_rows_seen_by_another_connection(lab))

    return {
        "A": "audit_log" in flush_inserts,
        "B": flush.raised(InvalidRequestError),
        "C": any(category is SAWarning and re.search(r"Session\.add\(\).*not currently supported within the execution "
                                                     r"stage of the flush", message) for category, message in warned),
        "D": len(pending) == 1,
        "E": len(stored) == 1,
    }


if __name__ == "__main__":
    run_alone(__file__)

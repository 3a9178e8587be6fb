"""A thread-scoped session outlives the request that used it unless remove() is called: the next
request served by the same worker thread inherits it, pending objects and all."""

from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import String, func, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, scoped_session, sessionmaker

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Order(Base):
    __tablename__ = "orders"
    id: Mapped[int] = mapped_column(primary_key=True)
    item: Mapped[str] = mapped_column(String(30))


def committed_orders(lab: Lab) -> int:
    with lab.other_connection() as other:
        return other.scalar(select(func.count()).select_from(Order))


def serve_two_requests(lab: Lab, remove_after_request: bool) -> dict[str, object]:
    """Request 1 adds an order and neither commits nor closes; request 2 counts orders.

    Both run on the same single worker thread, like two requests served one after the other.
    """
    Sess = scoped_session(sessionmaker(bind=lab.engine))

    def request_1() -> Session:
        Sess.add(Order(item="left behind"))
        session = Sess()
        if remove_after_request:
            Sess.remove()
        return session

    def request_2() -> tuple[Session, int, bool, int]:
        session = Sess()
        pending, in_transaction = len(session.new), session.in_transaction()
        return session, pending, in_transaction, Sess.scalar(select(func.count()).select_from(Order))

    with ThreadPoolExecutor(max_workers=1) as worker:
        first_session = worker.submit(request_1).result()
        pending_in_first = len(first_session.new)
        with lab.capture() as sql:
            second_session, pending, in_transaction, counted = worker.submit(request_2).result()
        committed_during_request_2 = committed_orders(lab)
        worker.submit(Sess.remove).result()  # the worker thread's session, closed in that thread

    return {
        "same Session object": first_session is second_session,
        "objects pending in request 1's Session once it returned": pending_in_first,
        "objects pending when request 2 starts": pending,
        "request 2's Session is in a transaction when it starts": in_transaction,
        "count in request 2": counted,
        "statements request 2 sent": [s.kind for s in sql if not s.connection.startswith("other")],
        "orders another connection counts during request 2": committed_during_request_2,
    }


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)

    leaked = serve_two_requests(lab, remove_after_request=False)
    same = lab.fact("no remove(): same Session object", leaked["same Session object"])
    lab.fact("no remove(): objects pending when request 2 starts", leaked["objects pending when request 2 starts"])
    lab.fact("no remove(): request 2's Session is in a transaction when it starts",
             leaked["request 2's Session is in a transaction when it starts"])
    count = lab.fact("no remove(): count in request 2", leaked["count in request 2"])
    sent = lab.fact("no remove(): statements request 2 sent", leaked["statements request 2 sent"])
    seen_by_other = lab.fact("no remove(): orders another connection counts during request 2",
                             leaked["orders another connection counts during request 2"])
    lab.fact("orders committed after both requests", committed_orders(lab))

    cleaned = serve_two_requests(lab, remove_after_request=True)
    cleaned_same = lab.fact("remove() after request 1: same Session object", cleaned["same Session object"])
    lab.fact("remove() after request 1: objects pending in request 1's Session once it returned",
             cleaned["objects pending in request 1's Session once it returned"])
    lab.fact("remove() after request 1: objects pending when request 2 starts",
             cleaned["objects pending when request 2 starts"])
    cleaned_count = lab.fact("remove() after request 1: count in request 2", cleaned["count in request 2"])

    return {
        "A": count == 0 and "INSERT" not in sent,
        "B": count == 1 and "INSERT" in sent and sent.index("INSERT") < sent.index("SELECT"),
        "C": count == 0 and not same,
        "D": same,
        "E": not cleaned_same and cleaned_count == 0,
        "F": seen_by_other == 1,
    }


if __name__ == "__main__":
    run_alone(__file__)

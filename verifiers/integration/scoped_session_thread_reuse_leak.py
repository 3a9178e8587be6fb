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

    def request_2() -> tuple[Session, int]:
        return Sess(), Sess.scalar(select(func.count()).select_from(Order))

    with ThreadPoolExecutor(max_workers=1) as worker:
        first_session = worker.submit(request_1).result()
        with lab.capture() as sql:
            second_session, counted = worker.submit(request_2).result()
        committed_during_request_2 = committed_orders(lab)
        worker.submit(Sess.remove).result()  # the worker thread's session, closed in that thread

    return {
        "same Session object": first_session is second_session,
        "count in request 2": counted,
        "statements request 2 sent": [s.kind for s in sql if not s.connection.startswith("other")],
        "orders another connection counts during request 2": committed_during_request_2,
    }


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)

    leaked = serve_two_requests(lab, remove_after_request=False)
    for label, value in leaked.items():
        lab.fact(f"no remove(): {label}", value)
    lab.fact("orders committed after both requests", committed_orders(lab))

    cleaned = serve_two_requests(lab, remove_after_request=True)
    for label, value in cleaned.items():
        lab.fact(f"remove() after request 1: {label}", value)

    return {
        "A": leaked["same Session object"],
        "B": leaked["count in request 2"] == 1 and "INSERT" in leaked["statements request 2 sent"],
        "C": leaked["count in request 2"] == 0 and not leaked["same Session object"],
        "D": leaked["count in request 2"] == 0 and "INSERT" not in leaked["statements request 2 sent"],
        "E": not cleaned["same Session object"] and cleaned["count in request 2"] == 0,
        "F": leaked["orders another connection counts during request 2"] == 1,
    }


if __name__ == "__main__":
    run_alone(__file__)

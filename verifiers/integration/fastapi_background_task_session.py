"""FastAPI 0.165 runs background tasks after the response is sent but before a default-scope yield dependency
resumes: a task given the request's Session works inside the request's still-open transaction."""

import warnings
from typing import Annotated, Any

from fastapi import BackgroundTasks, Depends, FastAPI
from sqlalchemy import String, func, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker

from verifiers import Lab, run_alone

with warnings.catch_warnings():
    # Starlette warns on import that its test client would rather use the `httpx2` package than `httpx`:
    # unrelated to the question (the project depends on httpx), so only that warning is ignored.
    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient` is deprecated")
    from fastapi.testclient import TestClient


class Base(DeclarativeBase):
    pass


class Order(Base):
    __tablename__ = "orders"
    id: Mapped[int] = mapped_column(primary_key=True)
    item: Mapped[str] = mapped_column(String(30))


class Audit(Base):
    __tablename__ = "audit"
    id: Mapped[int] = mapped_column(primary_key=True)
    note: Mapped[str] = mapped_column(String(60))


def count(lab: Lab, table: type[Base], **where: str) -> int:
    """What another connection counts (committed rows only)."""
    query = select(func.count()).select_from(table).filter_by(**where)
    with lab.other_connection() as other:
        return other.scalar(query)


def build_app(lab: Lab, events: list[str], fail: bool = False) -> FastAPI:
    """The question's app. `fail` makes record_audit raise before it commits (option D)."""
    SessionLocal = sessionmaker(lab.engine)

    def get_session():
        with SessionLocal() as session:
            yield session
            session.commit()

    def record_audit(session: Session, order: Order):
        events.append("record_audit starts")
        events.append(f"orders another connection counts: {count(lab, Order, item=order.item)}")
        if fail:
            raise RuntimeError("audit service unavailable")
        session.add(Audit(note=f"order {order.id} placed"))
        session.commit()

    app = FastAPI()

    @app.post("/orders/{item}")
    def create_order(item: str, background_tasks: BackgroundTasks,
                     session: Annotated[Session, Depends(get_session)]):
        order = Order(item=item)
        session.add(order)
        session.flush()
        background_tasks.add_task(record_audit, session, order)
        return {"id": order.id}

    return app


def build_fixed_app(lab: Lab, events: list[str]) -> FastAPI:
    """The fix the explanation names: the dependency exits with the endpoint; the task opens its own Session."""
    SessionLocal = sessionmaker(lab.engine)

    def get_session():
        with SessionLocal() as session:
            yield session
            session.commit()

    def record_audit(order_id: int):
        with SessionLocal() as session:
            order = session.get(Order, order_id)
            events.append(f"record_audit finds the order: {order is not None}")
            session.add(Audit(note=f"order {order_id} placed"))
            session.commit()

    app = FastAPI()

    @app.post("/orders/{item}")
    def create_order(item: str, background_tasks: BackgroundTasks,
                     session: Annotated[Session, Depends(get_session, scope="function")]):
        order = Order(item=item)
        session.add(order)
        session.flush()
        background_tasks.add_task(record_audit, order.id)
        return {"id": order.id}

    return app


def recording(app: Any, events: list[str]) -> Any:
    """The app as a server runs it, noting when the response starts and what the app raised (proof only)."""

    async def server(scope: dict, receive: Any, send: Any) -> None:
        async def send_and_note(message: dict) -> None:
            if message["type"] == "http.response.start":
                events.append(f"response {message['status']} sent")
            await send(message)

        try:
            await app(scope, receive, send_and_note)
        except Exception as error:
            events.append(f"app raised {type(error).__name__}")
            raise

    return server


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)

    events: list[str] = []
    with TestClient(recording(build_app(lab, events), events)) as client, lab.capture() as sql:
        response = client.post("/orders/lamp")
    lab.fact("POST /orders/lamp: response", [response.status_code, response.json()])
    lab.fact("POST /orders/lamp: what happened, in order", events)
    request_sql = lab.fact("POST /orders/lamp: statements on the request's connection",
                           [s.kind for s in sql if s.connection.startswith("main")])
    lamp_orders = lab.fact("'lamp' orders another connection counts afterwards", count(lab, Order, item="lamp"))
    audits = lab.fact("audit rows another connection counts afterwards", count(lab, Audit))

    failing: list[str] = []
    with TestClient(recording(build_app(lab, failing, fail=True), failing),
                    raise_server_exceptions=False) as client, lab.capture() as failed_sql:
        failed_response = client.post("/orders/desk")
    lab.fact("POST /orders/desk, task raises: response", [failed_response.status_code, failed_response.json()])
    lab.fact("POST /orders/desk, task raises: what happened, in order", failing)
    lab.fact("POST /orders/desk, task raises: statements on the request's connection",
             [s.kind for s in failed_sql if s.connection.startswith("main")])
    desk_orders = lab.fact("'desk' orders another connection counts afterwards", count(lab, Order, item="desk"))

    fixed: list[str] = []
    with TestClient(build_fixed_app(lab, fixed)) as client:
        client.post("/orders/chair")
    lab.fact("scope='function' and the task's own Session: what happened", fixed)

    response_then_task = events[:2] == ["response 200 sent", "record_audit starts"]
    return {
        "A": response_then_task and "orders another connection counts: 0" in events,
        "B": "app raised DetachedInstanceError" in events,
        "C": request_sql == ["BEGIN", "INSERT", "INSERT", "COMMIT"] and lamp_orders == 1 and audits == 1,
        "D": failed_response.status_code == 200 and desk_orders == 0,
        "E": failed_response.status_code == 500,
    }


if __name__ == "__main__":
    run_alone(__file__)

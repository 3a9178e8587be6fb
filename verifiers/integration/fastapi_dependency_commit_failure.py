"""FastAPI 0.165 runs a yield dependency's code after `yield` once the response has been sent (its default
request scope): a commit that fails there cannot change the response the client already has."""

import warnings
from typing import Annotated, Any

from fastapi import Depends, FastAPI
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


class Tag(Base):
    __tablename__ = "tag"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(30), unique=True)


def build_app(lab: Lab, events: list[str], scope: str | None, flush: bool = False) -> FastAPI:
    """The question's app; `scope` is what the endpoint passes to Depends() (None: FastAPI's default).
    `flush` adds a session.flush() to the endpoint, the other fix the explanation names."""
    SessionLocal = sessionmaker(lab.engine)

    def get_session():
        with SessionLocal() as session:
            yield session
            events.append("dependency commits")
            session.commit()

    app = FastAPI()

    @app.post("/tags/{name}")
    def create_tag(name: str, session: Annotated[Session, Depends(get_session, scope=scope)]):
        session.add(Tag(name=name))
        if flush:
            session.flush()
        return {"created": name}

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


def happened_before(events: list[str], first: str, second: str) -> bool:
    return first in events and second in events and events.index(first) < events.index(second)


def tags_named_sql(lab: Lab) -> int:
    with lab.other_connection() as other:
        return other.scalar(select(func.count()).select_from(Tag).where(Tag.name == "sql"))


def post_duplicate(lab: Lab, scope: str | None, flush: bool = False) -> tuple[int, Any, list[str]]:
    events: list[str] = []
    app = recording(build_app(lab, events, scope, flush), events)
    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.post("/tags/sql")
    return response.status_code, response.json() if response.status_code == 200 else response.text, events


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)
    with lab.setup(), Session(lab.engine) as session:
        session.add(Tag(name="sql"))
        session.commit()

    with lab.capture() as sql:
        status, body, events = post_duplicate(lab, scope=None)
    lab.fact("status the client received", status)
    lab.fact("body the client received", body)
    lab.fact("what happened, in order", events)
    lab.fact("statements the request sent", sql.kinds())
    rows = lab.fact("tags named 'sql' afterwards", tags_named_sql(lab))

    function_status, _, function_events = post_duplicate(lab, scope="function")
    lab.fact("with scope='function': status the client received", function_status)
    lab.fact("with scope='function': what happened, in order", function_events)
    flushed_status, _, _ = post_duplicate(lab, scope=None, flush=True)
    lab.fact("with session.flush() in the endpoint: status the client received", flushed_status)

    return {
        "A": status == 200 and not any(event.startswith("app raised") for event in events),
        "B": status == 500 and happened_before(events, "dependency commits", "response 500 sent"),
        "C": status == 500 and "dependency commits" not in events,
        "D": status == 200 and body == {"created": "sql"}
        and happened_before(events, "response 200 sent", "dependency commits")
        and "app raised IntegrityError" in events and rows == 1,
        "E": "dependency commits" not in events and "INSERT" not in sql.kinds(),
    }


if __name__ == "__main__":
    run_alone(__file__)

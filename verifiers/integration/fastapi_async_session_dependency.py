"""An async FastAPI endpoint that returns an ORM object after `await session.commit()`: FastAPI's response
serialization reads expired attributes, which would need IO that a plain attribute read cannot await."""

import warnings
from contextlib import asynccontextmanager
from typing import Annotated

from fastapi import Depends, FastAPI
from fastapi.exceptions import ResponseValidationError
from pydantic import BaseModel, ConfigDict
from sqlalchemy import String, func, inspect, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from verifiers import Lab, run_alone

with warnings.catch_warnings():
    # Starlette warns on import that its test client would rather use the `httpx2` package than `httpx`:
    # unrelated to the question (the project depends on httpx), so only that warning is ignored.
    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient` is deprecated")
    from fastapi.testclient import TestClient


class Base(DeclarativeBase):
    pass


class Author(Base):
    __tablename__ = "author"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(30))


class AuthorOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    name: str


def build_app(lab: Lab, seen: dict[str, object], **session_options: bool) -> FastAPI:
    """The question's app. The engine is made and disposed in the lifespan, in the event loop that the
    test client runs the app in: an asyncio connection cannot be used from another loop."""
    sessions: dict[str, async_sessionmaker[AsyncSession]] = {}

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        engine = lab.make_async_engine()
        async with engine.begin() as conn:
            await conn.run_sync(Base.metadata.create_all)
        sessions["factory"] = async_sessionmaker(engine, **session_options)
        yield
        await engine.dispose()

    async def get_session():
        async with sessions["factory"]() as session:
            yield session

    app = FastAPI(lifespan=lifespan)

    @app.post("/authors/{name}", response_model=AuthorOut)
    async def create_author(name: str, session: Annotated[AsyncSession, Depends(get_session)]):
        author = Author(name=name)
        session.add(author)
        await session.commit()
        seen["expired after the commit"] = sorted(inspect(author).expired_attributes)
        return author

    return app


def prove(lab: Lab) -> dict[str, bool]:
    seen: dict[str, object] = {}
    with TestClient(build_app(lab, seen)) as client, lab.capture() as sql:
        raised = lab.attempt("POST /authors/ann", lambda: client.post("/authors/ann"))
    lab.fact("statements the request sent", sql.kinds())
    expired = lab.fact("attributes of author expired after the commit", seen["expired after the commit"])
    with lab.other_connection() as other:
        saved = other.scalar(select(func.count()).select_from(Author).where(Author.name == "ann"))
    lab.fact("authors named 'ann' another connection counts", saved)
    errors = raised.error.errors() if raised.raised(ResponseValidationError) else []
    lab.fact("fields that failed, and why", [[error["loc"], error["type"]] for error in errors])
    missing_greenlet = bool(errors) and all("MissingGreenlet" in error["msg"] for error in errors)
    lab.fact("every field's error names MissingGreenlet", missing_greenlet)

    with TestClient(build_app(lab, {}), raise_server_exceptions=False) as client:
        status = lab.fact("status a client receives", client.post("/authors/bob").status_code)

    with TestClient(build_app(lab, {}, expire_on_commit=False)) as client:
        kept = client.post("/authors/cy")
    lab.fact("with expire_on_commit=False", [kept.status_code, kept.json()])

    return {
        "A": raised.raised(ResponseValidationError) and missing_greenlet and status == 500,
        "B": raised.ok and raised.value.status_code == 200,
        "C": raised.ok and expired == [] and "SELECT" in sql.kinds(),
        "D": raised.ok and raised.value.status_code == 200 and expired == [] and "SELECT" not in sql.kinds(),
        "E": raised.raised(ResponseValidationError) and not missing_greenlet,
    }


if __name__ == "__main__":
    run_alone(__file__)

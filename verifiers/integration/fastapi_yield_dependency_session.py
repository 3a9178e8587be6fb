"""A FastAPI session dependency with `yield`: one Session per request, shared by the dependencies that ask
for it, committed after a normal return and rolled back when the endpoint raises, even an HTTPException."""

import warnings
from typing import Annotated

from fastapi import Depends, FastAPI, HTTPException
from sqlalchemy import ForeignKey, String, func, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, object_session, sessionmaker

from verifiers import Lab, run_alone

with warnings.catch_warnings():
    # Starlette warns on import that its test client would rather use the `httpx2` package than `httpx`:
    # unrelated to the question (the project depends on httpx), so only that warning is ignored.
    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient` is deprecated")
    from fastapi.testclient import TestClient


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "app_user"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(30))


class Note(Base):
    __tablename__ = "note"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(30))
    author_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"))


def build_app(lab: Lab, seen: dict[str, object]) -> FastAPI:
    """The question's app; `seen` collects what the proof observes inside the request (proof only)."""
    SessionLocal = sessionmaker(lab.engine)
    seen["sessions opened"] = 0

    def get_session():
        with SessionLocal() as session:
            seen["sessions opened"] += 1
            yield session
            session.commit()

    def current_user(session: Annotated[Session, Depends(get_session)]) -> User:
        return session.get(User, 1)

    app = FastAPI()

    @app.post("/notes/{title}")
    def create_note(
        title: str,
        session: Annotated[Session, Depends(get_session)],
        user: Annotated[User, Depends(current_user)],
    ):
        seen["user's Session is the endpoint's"] = object_session(user) is session
        session.add(Note(title=title, author_id=user.id))
        session.flush()
        if title == "taken":
            raise HTTPException(status_code=409, detail="title taken")
        return {"saved": title}

    return app


def notes_titled(lab: Lab, title: str) -> int:
    with lab.other_connection() as other:
        return other.scalar(select(func.count()).select_from(Note).where(Note.title == title))


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)
    with lab.setup(), Session(lab.engine) as session:
        session.add(User(id=1, name="ada"))
        session.commit()

    ok: dict[str, object] = {}
    with TestClient(build_app(lab, ok)) as client, lab.capture() as ok_sql:
        ok_status = client.post("/notes/draft").status_code
    lab.fact("POST /notes/draft: status", ok_status)
    lab.fact("POST /notes/draft: Sessions get_session opened", ok["sessions opened"])
    lab.fact("POST /notes/draft: current_user's Session is the endpoint's", ok["user's Session is the endpoint's"])
    lab.fact("POST /notes/draft: transaction", ok_sql.transaction_flow())
    draft_notes = lab.fact("notes titled 'draft' another connection counts", notes_titled(lab, "draft"))
    checked_out_after_ok = lab.fact("connections checked out after the request", lab.engine.pool.checkedout())

    failed: dict[str, object] = {}
    with TestClient(build_app(lab, failed)) as client, lab.capture() as failed_sql:
        failed_status = client.post("/notes/taken").status_code
    lab.fact("POST /notes/taken: status", failed_status)
    lab.fact("POST /notes/taken: statements sent", failed_sql.kinds())
    taken_notes = lab.fact("notes titled 'taken' another connection counts", notes_titled(lab, "taken"))

    return {
        "A": ok_status == 200 and draft_notes == 1,
        "B": failed_status == 409 and taken_notes == 0 and "ROLLBACK" in failed_sql.kinds(),
        "C": taken_notes == 1,
        "D": ok["sessions opened"] == 2 and not ok["user's Session is the endpoint's"],
        "E": checked_out_after_ok > 0,
    }


if __name__ == "__main__":
    run_alone(__file__)

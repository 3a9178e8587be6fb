"""A Flask app with a thread-local scoped_session removed in teardown_appcontext: one Session per request
and thread, and every request's leftovers discarded when it ends, even when the view raised."""

import threading
from concurrent.futures import ThreadPoolExecutor

from flask import Flask, g
from sqlalchemy import String, func, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, scoped_session, sessionmaker

from verifiers import Lab, run_alone


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


def build_app(lab: Lab, seen: dict[str, list]) -> Flask:
    """The question's app; `seen` collects the Session objects and teardown arguments (proof only)."""
    Sess = scoped_session(sessionmaker(lab.engine))
    app = Flask(__name__)
    app.testing = True  # the view's error reaches the test client instead of becoming a 500 page
    both_in_flight = threading.Barrier(2, timeout=10)

    @app.teardown_appcontext
    def remove_session(exc):
        seen["teardown got"].append(type(exc).__name__ if exc else None)
        Sess.remove()

    @app.before_request
    def load_user():
        g.user = Sess.get(User, 1)
        seen["Session in load_user"].append(Sess())

    @app.post("/notes/<title>")
    def add_note(title):
        seen["Session in add_note"].append(Sess())
        Sess.add(Note(title=title))
        if title == "bad":
            raise ValueError("rejected")
        Sess.commit()
        return {"ok": True}

    @app.post("/drafts/<title>")
    def add_draft(title):
        Sess.add(Note(title=title))
        return {"ok": True}

    @app.get("/me")
    def me():
        both_in_flight.wait()  # two requests are inside the view at once, on two threads
        seen["Session in me"].append(Sess())
        return {"name": g.user.name}

    return app


def notes_titled(lab: Lab, title: str) -> int:
    with lab.other_connection() as other:
        return other.scalar(select(func.count()).select_from(Note).where(Note.title == title))


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)
    with lab.setup(), Session(lab.engine) as session:
        session.add(User(id=1, name="ada"))
        session.commit()

    seen: dict[str, list] = {"teardown got": [], "Session in load_user": [], "Session in add_note": [],
                             "Session in me": []}
    app = build_app(lab, seen)
    client = app.test_client()
    with lab.capture() as sql:
        client.post("/notes/good")
        bad = lab.attempt("POST /notes/bad", lambda: client.post("/notes/bad"))
        client.post("/drafts/forgotten")
    lab.fact("teardown_appcontext received", seen["teardown got"])
    lab.fact("statements sent", sql.kinds())
    lab.fact("transaction ends", [kind for kind in sql.on("main#1").transaction_flow() if kind != "BEGIN"])
    same_session = [a is b for a, b in zip(seen["Session in load_user"], seen["Session in add_note"])]
    lab.fact("load_user and add_note used the same Session", same_session)
    sessions = seen["Session in load_user"]
    lab.fact("each request on the one thread got a new Session", len({id(s) for s in sessions}) == len(sessions) == 3)
    bad_notes = lab.fact("'bad' notes another connection counts", notes_titled(lab, "bad"))
    forgotten = lab.fact("'forgotten' notes another connection counts", notes_titled(lab, "forgotten"))
    checked_out = lab.fact("connections checked out after the requests", lab.engine.pool.checkedout())

    with ThreadPoolExecutor(max_workers=2) as threads:
        answers = list(threads.map(lambda _: app.test_client().get("/me").get_json(), range(2)))
    first, second = seen["Session in me"]
    lab.fact("GET /me answered, twice at once", answers)
    shared = lab.fact("the two concurrent requests got one Session", first is second)

    return {
        "A": same_session == [True, True],
        "B": shared,
        "C": bad.raised(ValueError) and seen["teardown got"][1] == "ValueError" and bad_notes == 0
        and checked_out == 0,
        "D": forgotten == 1,
    }


if __name__ == "__main__":
    run_alone(__file__)

"""Loading a row skips __init__; the load event and @reconstructor run once, later reloads fire refresh instead."""

from sqlalchemy import String, event, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, reconstructor

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


# Every constructor, reconstructor and instance event call, in order.
calls: list[str] = []


class Note(Base):
    __tablename__ = "note"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    body: Mapped[str] = mapped_column(String(50))

    def __init__(self, **kw) -> None:
        calls.append("__init__")
        super().__init__(**kw)

    @reconstructor
    def on_load(self) -> None:
        calls.append("reconstructor")


@event.listens_for(Note, "init")
def on_init(target, args, kwargs) -> None:
    calls.append("init event")


@event.listens_for(Note, "load")
def on_load_event(target, context) -> None:
    calls.append("load event")


@event.listens_for(Note, "refresh")
def on_refresh_event(target, context, attrs) -> None:
    calls.append("refresh event")


def calls_during(action) -> list[str]:
    """The calls recorded while ``action()`` ran."""
    start = len(calls)
    action()
    return calls[start:]


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)
    with Session(lab.engine) as setup:
        lab.fact("Note(id=1, body='draft')", calls_during(lambda: setup.add(Note(id=1, body="draft"))))
        setup.commit()

    with Session(lab.engine) as session:
        loaded: list[Note] = []
        with lab.capture():
            first_get = lab.fact("first session.get(Note, 1)", calls_during(lambda: loaded.append(session.get(Note, 1))))
        note = loaded[0]
        with lab.capture() as second_get_sql:
            second_get = lab.fact("second session.get(Note, 1), same session", calls_during(lambda: session.get(Note, 1)))
        lab.fact("statements the second get() sent", second_get_sql.kinds())

        session.expire(note)
        with lab.capture() as expired_sql:
            after_expire = lab.fact("session.expire(note), then note.body", calls_during(lambda: note.body))
        lab.fact("statements reading the expired attribute sent", expired_sql.queries.kinds())
        refreshed = lab.fact("session.refresh(note)", calls_during(lambda: session.refresh(note)))
        populated = lab.fact(
            "select(Note) with populate_existing=True",
            calls_during(lambda: session.scalars(select(Note).execution_options(populate_existing=True)).all()),
        )

    with Session(lab.engine) as another_session:
        lab.fact("session.get(Note, 1) in another Session", calls_during(lambda: another_session.get(Note, 1)))

    return {
        "A": "__init__" in first_get or "init event" in first_get,
        "B": first_get.count("load event") == 1 and first_get.count("reconstructor") == 1,
        "C": "load event" in second_get or "reconstructor" in second_get,
        "D": "load event" in after_expire or "reconstructor" in after_expire,
        "E": refreshed == ["refresh event"] and populated == ["refresh event"],
    }


if __name__ == "__main__":
    run_alone(__file__)

"""Engine events cannot be listened for on an AsyncEngine; plain listeners go on its sync_engine."""

import threading

from sqlalchemy import String, event, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Note(Base):
    __tablename__ = "note"
    id: Mapped[int] = mapped_column(primary_key=True)
    body: Mapped[str] = mapped_column(String(50))


async def create_insert_select(engine: AsyncEngine) -> int:
    """The application's work through the AsyncEngine; returns the event loop's thread."""
    async with engine.begin() as conn:
        await conn.run_sync(Base.metadata.create_all)
    async with AsyncSession(engine) as session:
        session.add(Note(body="hello"))
        await session.commit()
        await session.scalars(select(Note))
    return threading.get_ident()


def prove(lab: Lab) -> dict[str, bool]:
    engine = lab.make_async_engine()
    plain_calls: list[int] = []  # the thread each call of the plain listener ran in
    coroutine_bodies_run: list[str] = []

    def log_sql(conn, cursor, statement, parameters, context, executemany):
        plain_calls.append(threading.get_ident())

    async def log_sql_async(conn, cursor, statement, parameters, context, executemany):
        coroutine_bodies_run.append(statement)

    on_async_engine = lab.attempt("(1) event.listen(engine, ...)", lambda: event.listen(engine, "before_cursor_execute", log_sql))
    lab.fact("(1) the error message names sync_engine", "sync_engine" in on_async_engine.message)

    event.listen(engine.sync_engine, "before_cursor_execute", log_sql)
    event.listen(engine.sync_engine, "before_cursor_execute", log_sql_async)

    with lab.capture() as sql:
        loop_thread = lab.run_async(lambda: create_insert_select(engine))

    sent = lab.fact("statements sent (transaction control aside)", len(sql.queries))
    plain = lab.fact("(2) calls of log_sql on sync_engine", len(plain_calls))
    lab.fact("(2) every call ran in the event loop's thread", set(plain_calls) == {loop_thread})
    coroutine_runs = lab.fact("(3) bodies of log_sql_async that ran", len(coroutine_bodies_run))

    return {
        "A": coroutine_runs == sent,
        "B": on_async_engine.ok,
        "C": on_async_engine.raised(NotImplementedError),
        "D": plain == sent,
        "E": any(ident != loop_thread for ident in plain_calls),
    }


if __name__ == "__main__":
    run_alone(__file__)

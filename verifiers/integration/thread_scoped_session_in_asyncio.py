"""scoped_session's default scope is the thread, so concurrent asyncio requests in one event loop share
one Session; async_scoped_session has no default scope and must be given one, such as current_task."""

import asyncio
import threading

from sqlalchemy import String, select
from sqlalchemy.ext.asyncio import AsyncEngine, async_scoped_session, async_sessionmaker
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, scoped_session, sessionmaker

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Item(Base):
    __tablename__ = "item"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(10))


async def three_sync_requests(lab: Lab) -> list[tuple[int, int, int]]:
    """The question's code: three requests on a thread-scoped scoped_session, run concurrently.
    Each also reports the thread it ran in."""
    Sess = scoped_session(sessionmaker(bind=lab.engine))

    async def handle_request(name: str) -> tuple[int, int, int]:
        session = Sess()
        session.add(Item(name=name))
        await asyncio.sleep(0)  # the other requests run here
        pending = len(session.new)
        session.commit()
        return id(session), pending, threading.get_ident()

    try:
        return list(await asyncio.gather(*(handle_request(n) for n in ("a", "b", "c"))))
    finally:
        Sess.remove()


async def three_async_requests(engine: AsyncEngine, names: str, remove: bool) -> tuple[list[tuple[int, int]], int]:
    """The same requests on async_scoped_session scoped to the current task, each ending with
    ``ASess.remove()`` or not. Also returns how many sessions the registry still holds afterwards."""
    ASess = async_scoped_session(async_sessionmaker(engine), scopefunc=asyncio.current_task)

    async def handle_request(name: str) -> tuple[int, int]:
        session = ASess()
        session.add(Item(name=name))
        await asyncio.sleep(0)
        pending = len(session.new)
        await session.commit()
        if remove:
            await ASess.remove()
        return id(session), pending

    results = list(await asyncio.gather(*(handle_request(n) for n in names)))
    kept = ASess.registry.registry  # the scope -> session mapping, keyed by task
    left = len(kept)
    for session in list(kept.values()):
        await session.close()
    return results, left


def names_stored(lab: Lab) -> list[str]:
    with lab.other_connection() as other:
        return sorted(other.scalars(select(Item.name)))


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)
    engine = lab.make_async_engine()

    sync_results = lab.run_async(lambda: three_sync_requests(lab))
    sync_sessions = lab.fact("scoped_session: distinct Session objects", len({sid for sid, _, _ in sync_results}))
    sync_pending = lab.fact("scoped_session: len(session.new) per request, before its commit",
                            [p for _, p, _ in sync_results])
    after_sync = lab.fact("rows stored after the scoped_session requests", names_stored(lab))

    lab.fact("scoped_session: threads the three requests ran in", len({thread for _, _, thread in sync_results}))

    no_scope = lab.attempt("async_scoped_session without scopefunc",
                           lambda: async_scoped_session(async_sessionmaker(engine)))  # type: ignore[call-arg]
    lab.fact("async_scoped_session without scopefunc: the class raised", no_scope.error_class)
    lab.fact("async_scoped_session without scopefunc: TypeError naming scopefunc as a required argument",
             no_scope.raised(TypeError, match=r"missing 1 required positional argument: 'scopefunc'"))

    async_results, left_after_remove = lab.run_async(lambda: three_async_requests(engine, "def", remove=True))
    async_sessions = lab.fact("async_scoped_session(current_task): distinct sessions", len({sid for sid, _ in async_results}))
    async_pending = lab.fact("async_scoped_session: len(session.new) per request", [p for _, p in async_results])
    lab.fact("sessions left in the registry: each request called remove()", left_after_remove)
    _, left_without_remove = lab.run_async(lambda: three_async_requests(engine, "ghi", remove=False))
    lab.fact("sessions left in the registry: no request called remove()", left_without_remove)

    return {
        "A": sync_sessions == 1,
        "B": sync_sessions == 3,
        "C": sync_pending == [3, 0, 0] and after_sync == ["a", "b", "c"],
        "D": no_scope.ok,
        "E": async_sessions == 3 and async_pending == [1, 1, 1],
    }


if __name__ == "__main__":
    run_alone(__file__)

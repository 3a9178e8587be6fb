"""One AsyncSession is not for concurrent tasks: on a fresh session, gather() fails all but one query."""

import asyncio
from collections.abc import Sequence

from sqlalchemy import String, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class City(Base):
    __tablename__ = "city"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    name: Mapped[str] = mapped_column(String(50))


def outcome(result: object) -> str:
    """A task's result as a word: the rows it got, or the exception class it raised."""
    return type(result).__name__ if isinstance(result, BaseException) else f"{len(result)} rows"


async def fetch_names(session: AsyncSession) -> Sequence[str]:
    return (await session.scalars(select(City.name))).all()


async def fetch_in_own_session(engine: AsyncEngine) -> Sequence[str]:
    async with AsyncSession(engine) as own:
        return await fetch_names(own)


async def five_tasks(lab: Lab, setup_engine: AsyncEngine, cold_engine: AsyncEngine) -> dict[str, object]:
    """Five concurrent queries on one new session of a cold engine, then five with a session each."""
    async with setup_engine.begin() as conn:
        await conn.run_sync(Base.metadata.create_all)
    async with AsyncSession(setup_engine) as setup:
        setup.add_all([City(id=1, name="Oslo"), City(id=2, name="Lima")])
        await setup.commit()

    async with AsyncSession(cold_engine) as session:
        with lab.capture() as shared_sql:
            shared = await asyncio.gather(*(fetch_names(session) for _ in range(5)), return_exceptions=True)
    separate = await asyncio.gather(*(fetch_in_own_session(cold_engine) for _ in range(5)), return_exceptions=True)
    return {
        "shared": [outcome(r) for r in shared],
        "messages": sorted({str(r).splitlines()[0] for r in shared if isinstance(r, BaseException)}),
        "connections": len({s.connection for s in shared_sql.of_kind("SELECT")}),
        "selects": shared_sql.count("SELECT"),
        "separate": [outcome(r) for r in separate],
    }


def prove(lab: Lab) -> dict[str, bool]:
    setup_engine = lab.make_async_engine()
    cold_engine = lab.make_async_engine()  # has opened no connection yet, as in the question
    seen = lab.run_async(lambda: five_tasks(lab, setup_engine, cold_engine))

    shared = lab.fact("one shared AsyncSession, 5 tasks", seen["shared"])
    messages = lab.fact("the errors say", seen["messages"])
    lab.fact("every error says concurrent operations are not permitted",
             bool(messages) and all("concurrent operations are not permitted" in m for m in messages))
    connections = lab.fact("connections the shared session's SELECTs ran on", seen["connections"])
    shared_selects = lab.fact("SELECTs the shared session sent", seen["selects"])
    separate = lab.fact("an AsyncSession per task, 5 tasks", seen["separate"])

    return {
        "A": shared.count("2 rows") == 5,
        "B": shared.count("2 rows") == 1 and shared.count("InvalidRequestError") == 4
        and all("provisioning a new connection" in message for message in messages),
        "C": connections == 5,
        "D": separate.count("2 rows") == 5,
        "E": any(name.endswith("Error") and name != "InvalidRequestError" for name in shared) or shared_selects > 1,
    }


if __name__ == "__main__":
    run_alone(__file__)

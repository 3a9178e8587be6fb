"""`AsyncSession.run_sync(fn)` hands fn the plain sync Session, and ordinary lazy loading works inside it."""

import threading

from sqlalchemy import ForeignKey
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Parent(Base):
    __tablename__ = "parent"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    kids: Mapped[list["Kid"]] = relationship()


class Kid(Base):
    __tablename__ = "kid"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    parent_id: Mapped[int] = mapped_column(ForeignKey("parent.id"))


async def run_the_question(lab: Lab, engine: AsyncEngine) -> dict[str, object]:
    """The question's session: count the kids inside run_sync, then read them again outside."""
    async with engine.begin() as conn:
        await conn.run_sync(Base.metadata.create_all)
    async with AsyncSession(engine) as setup:
        setup.add(Parent(id=1, kids=[Kid(id=1), Kid(id=2)]))
        await setup.commit()

    seen: dict[str, object] = {}
    async with AsyncSession(engine) as session:
        p = await session.get(Parent, 1)
        seen["kids unloaded before run_sync"] = "kids" in lab.state(p).unloaded
        caller_thread = threading.get_ident()

        def count_kids(sync_session: Session) -> tuple[int, str]:
            seen["fn got session.sync_session"] = sync_session is session.sync_session
            seen["fn ran in the caller's thread"] = threading.get_ident() == caller_thread
            return len(p.kids), type(sync_session).__name__

        with lab.capture() as inside:
            try:
                seen["run_sync returned"] = list(await session.run_sync(count_kids))
            except Exception as error:
                wrapped = getattr(error, "orig", None)
                seen["run_sync returned"] = type(error).__name__ + (f" wrapping {type(wrapped).__name__}" if wrapped else "")
        seen["SELECTs inside run_sync"] = inside.count("SELECT")

        with lab.capture() as outside:
            try:
                seen["len(p.kids) afterwards, outside run_sync"] = len(p.kids)
            except Exception as error:
                seen["len(p.kids) afterwards, outside run_sync"] = type(error).__name__
        seen["statements for the read outside"] = len(outside)
    return seen


def prove(lab: Lab) -> dict[str, bool]:
    engine = lab.make_async_engine()
    seen = lab.run_async(lambda: run_the_question(lab, engine))
    for label, value in seen.items():
        lab.fact(label, value)
    returned = seen["run_sync returned"]

    return {
        "A": returned[1:] == ["Session"] and seen["fn got session.sync_session"] is True,
        "B": seen["kids unloaded before run_sync"] is True and returned[:1] == [2] and seen["SELECTs inside run_sync"] == 1,
        "C": returned in ("MissingGreenlet", "StatementError wrapping MissingGreenlet"),
        "D": returned == "TypeError",
        "E": seen["len(p.kids) afterwards, outside run_sync"] == 2 and seen["statements for the read outside"] == 0,
        "F": seen["fn ran in the caller's thread"] is False,
    }


if __name__ == "__main__":
    run_alone(__file__)

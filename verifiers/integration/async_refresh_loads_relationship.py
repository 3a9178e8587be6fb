"""`await session.refresh(obj, ["collection"])` loads a lazy relationship so it can be read without IO."""

from sqlalchemy import ForeignKey, String
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Parent(Base):
    __tablename__ = "parent"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    name: Mapped[str] = mapped_column(String(50))
    kids: Mapped[list["Kid"]] = relationship()


class Kid(Base):
    __tablename__ = "kid"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    parent_id: Mapped[int] = mapped_column(ForeignKey("parent.id"))


async def refresh_kids(lab: Lab, engine: AsyncEngine) -> dict[str, object]:
    """The question's session: what the refresh sent, and what reading the collection then took."""
    async with engine.begin() as conn:
        await conn.run_sync(Base.metadata.create_all)
    async with AsyncSession(engine) as setup:
        setup.add(Parent(id=1, name="pat", kids=[Kid(id=1), Kid(id=2)]))
        await setup.commit()

    seen: dict[str, object] = {}
    async with AsyncSession(engine) as session:
        p = await session.get(Parent, 1)
        with lab.capture() as refreshing:
            try:
                await session.refresh(p, ["kids"])
                seen["refresh(p, ['kids'])"] = "returned"
            except Exception as error:
                seen["refresh(p, ['kids'])"] = type(error).__name__
        selects = refreshing.of_kind("SELECT")
        seen["SELECTs refresh sent"] = len(selects)
        seen["SELECTs with a JOIN"] = sum(s.has_join for s in selects)
        seen["SELECTs naming the name column"] = len(selects.mentioning("name"))
        seen["tables each refresh SELECT reads"] = [[t for t in ("parent", "kid") if s.mentions(t)] for s in selects]
        seen["unloaded after refresh"] = sorted(lab.state(p).unloaded)
        with lab.capture() as reading:
            try:
                seen["len(p.kids)"] = len(p.kids)
            except Exception as error:
                seen["len(p.kids)"] = type(error).__name__
        seen["statements sent to read p.kids"] = reading.kinds()
    return seen


def prove(lab: Lab) -> dict[str, bool]:
    engine = lab.make_async_engine()
    seen = lab.run_async(lambda: refresh_kids(lab, engine))
    # recorded below with literal labels, as the claims name them
    claimed = ("SELECTs refresh sent", "SELECTs with a JOIN", "SELECTs naming the name column", "tables each refresh SELECT reads")
    for label, value in seen.items():
        if label not in claimed:
            lab.fact(label, value)
    lab.fact("SELECTs refresh sent", seen["SELECTs refresh sent"])
    lab.fact("SELECTs with a JOIN", seen["SELECTs with a JOIN"])
    lab.fact("SELECTs naming the name column", seen["SELECTs naming the name column"])
    lab.fact("tables each refresh SELECT reads", seen["tables each refresh SELECT reads"])

    return {
        "A": "kids" in seen["unloaded after refresh"] or not isinstance(seen["len(p.kids)"], int),
        "B": seen["refresh(p, ['kids'])"] != "returned",
        "C": seen["SELECTs naming the name column"] > 0,
        "D": seen["SELECTs refresh sent"] == 1 and seen["SELECTs with a JOIN"] == 1,
        "E": seen["len(p.kids)"] == 2 and seen["statements sent to read p.kids"] == [],
    }


if __name__ == "__main__":
    run_alone(__file__)

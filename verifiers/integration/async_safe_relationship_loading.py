"""Under asyncio a relationship must be loaded before it is read: which ways do that, and what lazy="raise" adds."""

from sqlalchemy import ForeignKey, select
from sqlalchemy.exc import InvalidRequestError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship, selectinload

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Parent(Base):
    __tablename__ = "parent"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    kids: Mapped[list["Kid"]] = relationship()                      # the default: lazy="select"
    pets: Mapped[list["Pet"]] = relationship(lazy="raise")


class Kid(Base):
    __tablename__ = "kid"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    parent_id: Mapped[int] = mapped_column(ForeignKey("parent.id"))


class Pet(Base):
    __tablename__ = "pet"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    parent_id: Mapped[int] = mapped_column(ForeignKey("parent.id"))


async def the_requests(lab: Lab, engine: AsyncEngine) -> dict:
    async with engine.begin() as conn:
        await conn.run_sync(Base.metadata.create_all)
    async with AsyncSession(engine) as setup:
        setup.add(Parent(id=1, kids=[Kid(id=1), Kid(id=2)], pets=[Pet(id=1)]))
        await setup.commit()

    seen: dict = {}
    async with AsyncSession(engine) as session:
        with lab.capture() as querying:
            p = (await session.execute(select(Parent).options(selectinload(Parent.kids)))).scalar_one()
        seen["SELECTs the selectinload query sent"] = querying.count("SELECT")
        with lab.capture() as reading:
            seen["selectinload: reading p.kids"] = lab.attempt("selectinload: reading p.kids", lambda: len(p.kids))
        seen["statements sent reading p.kids"] = reading.kinds()
        with lab.capture() as raising:
            seen["lazy='raise': reading p.pets"] = lab.attempt("lazy='raise': reading p.pets", lambda: p.pets)
        seen["statements sent reading p.pets"] = raising.kinds()
        await session.commit()
        seen["after commit: reading p.kids"] = lab.attempt("after commit: reading p.kids", lambda: len(p.kids))

    async with AsyncSession(engine) as session:
        p = await session.get(Parent, 1)
        seen["plain lazy load: reading p.kids"] = lab.attempt("plain lazy load: reading p.kids", lambda: p.kids)

    async with AsyncSession(engine) as session:
        p = await session.get(Parent, 1, options=[selectinload(Parent.kids)])
        seen["get() with selectinload: reading p.kids"] = lab.attempt(
            "get() with selectinload: reading p.kids", lambda: len(p.kids))
    return seen


def prove(lab: Lab) -> dict[str, bool]:
    engine = lab.make_async_engine()
    seen = lab.run_async(lambda: the_requests(lab, engine))
    lab.fact("SELECTs the selectinload query sent", seen["SELECTs the selectinload query sent"])
    lab.fact("statements sent reading p.kids", seen["statements sent reading p.kids"])
    plain = seen["plain lazy load: reading p.kids"]
    lab.fact("the plain lazy load's error involves MissingGreenlet",
             "MissingGreenlet" in f"{plain.error_class} {plain.message}" if not plain.ok else False)
    after_commit = seen["after commit: reading p.kids"]
    pets = seen["lazy='raise': reading p.pets"]
    pets_sql = lab.fact("statements sent reading p.pets", seen["statements sent reading p.pets"])
    with_get = seen["get() with selectinload: reading p.kids"]

    return {
        "A": seen["selectinload: reading p.kids"].value == 2 and seen["statements sent reading p.kids"] == [],
        "B": pets.raised(InvalidRequestError, match="lazy='raise'") and pets_sql == [],
        "C": plain.ok and plain.value == [],
        "D": with_get.ok and with_get.value == 2,
        "E": after_commit.ok and after_commit.value == 2,
    }


if __name__ == "__main__":
    run_alone(__file__)

"""With the AsyncAttrs mixin, `await obj.awaitable_attrs.<name>` loads one unloaded or expired attribute."""

from sqlalchemy import ForeignKey, String
from sqlalchemy.ext.asyncio import AsyncAttrs, AsyncEngine, AsyncSession
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from verifiers import Lab, run_alone


class Base(AsyncAttrs, DeclarativeBase):
    pass


class Parent(Base):
    __tablename__ = "parent"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    name: Mapped[str] = mapped_column(String(50))
    kids: Mapped[list["Kid"]] = relationship()
    toys: Mapped[list["Toy"]] = relationship()


class Kid(Base):
    __tablename__ = "kid"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    parent_id: Mapped[int] = mapped_column(ForeignKey("parent.id"))


class Toy(Base):
    __tablename__ = "toy"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    parent_id: Mapped[int] = mapped_column(ForeignKey("parent.id"))


async def await_attributes(lab: Lab, engine: AsyncEngine) -> dict[str, object]:
    """The question's session, with what each awaited attribute gave and the SQL it sent."""
    async with engine.begin() as conn:
        await conn.run_sync(Base.metadata.create_all)
    async with AsyncSession(engine) as setup:
        setup.add(Parent(id=1, name="pat", kids=[Kid(id=1), Kid(id=2)], toys=[Toy(id=1)]))
        await setup.commit()

    seen: dict[str, object] = {}
    async with AsyncSession(engine) as session:
        p = await session.get(Parent, 1)
        seen["unloaded before (1)"] = sorted(lab.state(p).unloaded)
        with lab.capture() as loading_kids:
            try:
                kids = await p.awaitable_attrs.kids
                seen["(1) returned"] = [type(k).__name__ for k in kids]
            except Exception as error:
                seen["(1) returned"] = type(error).__name__
        seen["(1) SELECTs"] = loading_kids.count("SELECT")
        seen["(1) tables read"] = [t for t in ("kid", "toy") if loading_kids.mentioning(t)]
        seen["unloaded after (1)"] = sorted(lab.state(p).unloaded)

        await session.commit()
        seen["expired after commit"] = sorted(lab.state(p).expired_attributes)
        with lab.capture() as loading_name:
            try:
                seen["(2) returned"] = await p.awaitable_attrs.name
            except Exception as error:
                seen["(2) returned"] = type(error).__name__
        seen["(2) SELECTs"] = loading_name.count("SELECT")
    return seen


def prove(lab: Lab) -> dict[str, bool]:
    engine = lab.make_async_engine()
    seen = lab.run_async(lambda: await_attributes(lab, engine))
    claimed = ("(1) tables read",)  # recorded below with literal labels, as the claims name them
    for label, value in seen.items():
        if label not in claimed:
            lab.fact(label, value)
    lab.fact("(1) tables read", seen["(1) tables read"])
    lab.fact("name was expired by the commit", "name" in seen["expired after commit"])

    return {
        "A": "toys" not in seen["unloaded after (1)"] or "toy" in seen["(1) tables read"],
        "B": seen["(1) returned"] == ["Kid", "Kid"] and seen["(1) SELECTs"] == 1,
        "C": seen["(1) returned"] == "MissingGreenlet",
        "D": seen["(2) returned"] == "pat" and seen["(2) SELECTs"] == 1,
        "E": seen["(2) returned"] == "AttributeError",
    }


if __name__ == "__main__":
    run_alone(__file__)

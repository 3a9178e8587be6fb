"""After `await session.commit()` an AsyncSession's objects are expired: reading a column needs IO it cannot await."""

from sqlalchemy import String
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Product(Base):
    __tablename__ = "product"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))


def error_chain(error: BaseException) -> list[str]:
    """The class names of an error and of what it wraps (`.orig`, then `__cause__`)."""
    names = []
    current: BaseException | None = error
    while current is not None and len(names) < 5:
        names.append(type(current).__name__)
        current = getattr(current, "orig", None) or current.__cause__
    return names


async def read_after_commit(lab: Lab, engine: AsyncEngine) -> dict[str, object]:
    """The question's two blocks; what each line gave (a value, or the error's class chain)."""
    seen: dict[str, object] = {}
    async with engine.begin() as conn:
        await conn.run_sync(Base.metadata.create_all)

    async with AsyncSession(engine) as session:
        p = Product(name="p")
        session.add(p)
        with lab.capture() as committing:
            await session.commit()
        seen["statements sent by the default commit"] = committing.kinds()
        seen["p after commit"] = lab.state(p)
        seen["p.name expired by the commit"] = "name" in lab.state(p).expired_attributes
        try:
            seen["(1) p.name"] = p.name
        except Exception as error:
            seen["(1) p.name"] = error_chain(error)

    async with AsyncSession(engine, expire_on_commit=False) as session:
        q = Product(name="q")
        session.add(q)
        await session.commit()
        with lab.capture() as reading:
            seen["(2) q.name"] = q.name
        seen["statements sent to read q.name"] = reading.kinds()
    return seen


def prove(lab: Lab) -> dict[str, bool]:
    engine = lab.make_async_engine()
    seen = lab.run_async(lambda: read_after_commit(lab, engine))
    claimed = ("statements sent by the default commit", "p.name expired by the commit")  # recorded below with literal labels, as the claims name them
    for label, value in seen.items():
        if label not in claimed:
            lab.fact(label, value)
    lab.fact("statements sent by the default commit", seen["statements sent by the default commit"])
    lab.fact("p.name expired by the commit", seen["p.name expired by the commit"])
    p_name = seen["(1) p.name"]
    q_name = seen["(2) q.name"]
    commit_kinds = seen["statements sent by the default commit"]

    return {
        "A": p_name == "p",
        "B": isinstance(p_name, list) and (p_name[0] == "MissingGreenlet" or p_name[:2] == ["StatementError", "MissingGreenlet"]),
        "C": "SELECT" in commit_kinds,
        "D": q_name == "q" and seen["statements sent to read q.name"] == [],
        "E": p_name is None,
    }


if __name__ == "__main__":
    run_alone(__file__)

"""Result.partitions(): one partition of everything unless a size or yield_per says otherwise."""

from sqlalchemy import insert, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Item(Base):
    __tablename__ = "item"
    id: Mapped[int] = mapped_column(primary_key=True)


def sizes(lab: Lab, statement, **partitions) -> list[int]:
    with Session(lab.engine) as session:
        return [len(p) for p in session.scalars(statement).partitions(**partitions)]


def built_at_first_partition(lab: Lab, statement, **partitions) -> int:
    with Session(lab.engine) as session:
        batches = session.scalars(statement).partitions(**partitions)
        first = next(batches)  # held, so the identity map (weak-referencing) keeps its objects
        built = len(session.identity_map)
        del first, batches
        return built


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        Base.metadata.create_all(lab.engine)
        with lab.engine.begin() as conn:
            conn.execute(insert(Item), [{"id": i} for i in range(1, 251)])

    stmt = select(Item).order_by(Item.id)
    with lab.capture():
        plain = lab.fact("partitions() with no size and no yield_per", sizes(lab, stmt))
        streamed = lab.fact("partitions() with execution_options(yield_per=100)",
                            sizes(lab, stmt.execution_options(yield_per=100)))
        sized = lab.fact("partitions(100) with no yield_per", sizes(lab, stmt, size=100))
    lab.fact("objects built when the first partition arrives: yield_per=100, partitions(100)", [
        built_at_first_partition(lab, stmt.execution_options(yield_per=100)),
        built_at_first_partition(lab, stmt, size=100),
    ])

    return {
        "A": streamed == [250],
        "B": plain == [100, 100, 50],
        "C": plain == [250] and streamed == [100, 100, 50] and sized == [100, 100, 50],
        "D": sized == [250],
    }


if __name__ == "__main__":
    run_alone(__file__)

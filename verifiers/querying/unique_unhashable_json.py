"""Result.unique() on rows that hold JSON values: refused, since dicts cannot be hashed; entities and a strategy work."""

from sqlalchemy import JSON, insert, select
from sqlalchemy.exc import InvalidRequestError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Doc(Base):
    __tablename__ = "doc"
    id: Mapped[int] = mapped_column(primary_key=True)
    data = mapped_column(JSON)


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        Base.metadata.create_all(lab.engine)
        with lab.engine.begin() as conn:
            conn.execute(insert(Doc), [{"id": 1, "data": {"a": 1}}, {"id": 2, "data": {"a": 1}}])

    with Session(lab.engine) as session, lab.capture():
        rows = lab.attempt("execute(select(Doc.id, Doc.data)).unique().all()",
                           lambda: session.execute(select(Doc.id, Doc.data)).unique().all())
        entities = lab.attempt("scalars(select(Doc)).unique().all()",
                               lambda: len(session.scalars(select(Doc)).unique().all()))
        with_strategy = lab.attempt("execute(select(Doc.data)).unique(str).all()",
                                    lambda: len(session.execute(select(Doc.data)).unique(lambda row: str(row)).all()))

    with lab.engine.connect() as conn:
        core = lab.attempt("a Core Connection: execute(select(Doc.id, Doc.data)).unique().all()",
                           lambda: conn.execute(select(Doc.id, Doc.data)).unique().all())
    lab.fact("a Core Connection's unique() raises TypeError about an unhashable dict",
             core.raised(TypeError, match="unhashable.*dict"))

    return {
        "A": rows.raised(InvalidRequestError, match=r"type JSON.*non-hashable") and entities.ok and entities.value == 2,
        "B": rows.ok and len(rows.value) == 1,
        "C": not entities.ok,
        "D": with_strategy.ok and with_strategy.value == 1,
    }


if __name__ == "__main__":
    run_alone(__file__)

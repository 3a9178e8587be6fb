"""Session.get() answered from the identity map sends nothing, not even an autoflush; a miss autoflushes first."""

from sqlalchemy import String
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Book(Base):
    __tablename__ = "book"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    title: Mapped[str] = mapped_column(String(100))


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)
    with Session(lab.engine) as setup:
        setup.add_all([Book(id=1, title="Dune"), Book(id=2, title="Emma")])
        setup.commit()

    with Session(lab.engine) as session:
        first = session.get(Book, 1)
        first.title = "Changed"
        session.add(Book(id=3, title="New"))

        with lab.capture() as hit:
            again = session.get(Book, 1)
        same_object = lab.fact("call (1) returned `first`", again is first)
        still_pending = lab.fact(
            "after call (1): first in session.dirty, len(session.new)", (first in session.dirty, len(session.new))
        )
        with lab.capture() as miss:
            second = session.get(Book, 2)
        lab.fact("call (2) returned book 2", second is not None and second.id == 2)

    hit_kinds = lab.fact("statements call (1) sent", hit.kinds())
    miss_kinds = lab.fact("statements call (2) sent", miss.queries.kinds())

    return {
        "A": hit_kinds == [] and same_object,
        "B": "UPDATE" in hit_kinds or "INSERT" in hit_kinds or still_pending != (True, 1),
        "C": sorted(miss_kinds[:2]) == ["INSERT", "UPDATE"] and miss_kinds[2:] == ["SELECT"],
        "D": miss_kinds == ["SELECT"],
        "E": "SELECT" in hit_kinds,
    }


if __name__ == "__main__":
    run_alone(__file__)

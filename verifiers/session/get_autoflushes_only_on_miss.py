"""Session.get() answered from the identity map sends nothing, not even an autoflush; a miss autoflushes first."""

from sqlalchemy import String, inspect
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
        lab.fact("book 2 in the identity map before call (2)",
                 session.identity_map.get(inspect(Book).identity_key_from_primary_key((2,))) is not None)
        with lab.capture() as miss:
            second = session.get(Book, 2)
        lab.fact("call (2) returned book 2", second is not None and second.id == 2)

    hit_kinds = lab.fact("statements call (1) sent", hit.kinds())
    miss_kinds = lab.fact("statements call (2) sent", miss.queries.kinds())
    miss_select_values = lab.fact("values bound to call (2)'s SELECT", [s.values for s in miss.of_kind("SELECT")])

    # The "(and not expired)" condition: an expired object in the map is loaded again, after an autoflush.
    with Session(lab.engine) as session:
        first = session.get(Book, 1)
        session.expire(first)
        session.add(Book(id=3, title="New"))
        with lab.capture() as expired_hit:
            session.get(Book, 1)
        lab.fact("statements get(Book, 1) sends when book 1 is expired", expired_hit.queries.kinds())

    return {
        "A": miss_kinds == ["SELECT"],
        "B": "UPDATE" in hit_kinds or "INSERT" in hit_kinds or still_pending != (True, 1),
        "C": sorted(miss_kinds[:2]) == ["INSERT", "UPDATE"] and miss_kinds[2:] == ["SELECT"] and miss_select_values == [[2]],
        "D": hit_kinds == [] and same_object,
        "E": "SELECT" in hit_kinds,
    }


if __name__ == "__main__":
    run_alone(__file__)

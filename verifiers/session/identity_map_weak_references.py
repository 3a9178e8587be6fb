"""The identity map holds clean objects weakly and changed ones strongly, until they are flushed."""

import gc

from sqlalchemy import String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Book(Base):
    __tablename__ = "book"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    title: Mapped[str] = mapped_column(String(100))


def committed_titles(lab: Lab) -> dict[int, str]:
    with lab.other_connection() as other:
        return dict(other.execute(select(Book.id, Book.title)).all())


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)
    with Session(lab.engine) as setup:
        setup.add_all([Book(id=1, title="Dune"), Book(id=2, title="Emma")])
        setup.commit()

    with Session(lab.engine) as session:
        books = session.scalars(select(Book).order_by(Book.id)).all()
        books[1].title = "Emma, revised"
        del books  # the proof keeps no reference either: facts hold only plain values
        gc.collect()
        after_del = lab.fact("len(session.identity_map) after del + gc.collect()", len(session.identity_map))
        kept_ids = lab.fact("ids still in the identity map", sorted(key[1][0] for key in session.identity_map.keys()))

        with lab.capture() as flushing:
            session.flush()
        gc.collect()
        after_flush = lab.fact("len(session.identity_map) after flush + gc.collect()", len(session.identity_map))
        session.commit()

    lab.fact("statements the flush sent", flushing.kinds())
    lab.fact("values bound to the flush's UPDATE", [u.values for u in flushing.of_kind("UPDATE")])
    titles = lab.fact("titles another connection reads after commit", committed_titles(lab))

    # Variants: a book the code keeps a reference to, and one it dropped and loads again.
    with Session(lab.engine) as session:
        kept = session.get(Book, 1)
        session.scalars(select(Book).where(Book.id == 2)).all()  # loaded, then dropped at once
        gc.collect()
        with lab.capture() as finding:
            found = session.get(Book, 1)
        lab.fact("with a reference kept: statements get(Book, 1) sent after gc.collect()", finding.kinds())
        lab.fact("with a reference kept: get(Book, 1) returned the kept object", found is kept)
        with lab.capture() as reloading:
            session.get(Book, 2)
        lab.fact("statements get(Book, 2) sent after book 2 was collected", reloading.queries.kinds())
        kept.title = "Dune, revised"
        session.flush()
        lab.fact("a changed book is clean again after the flush", not lab.state(kept).modified and kept not in session.dirty)
        session.rollback()

    return {
        "A": after_del == 2,
        "B": after_del == 1 and kept_ids == [2],
        "C": flushing.count("UPDATE") == 0 and titles.get(2) == "Emma",
        "D": flushing.count("UPDATE") == 1 and titles.get(2) == "Emma, revised",
        "E": after_flush == 0,
        "F": after_flush == 1,
    }


if __name__ == "__main__":
    run_alone(__file__)

"""begin_nested() flushes pending objects in the outer transaction; its SAVEPOINT is sent only with the next SQL."""

from sqlalchemy import String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Book(Base):
    __tablename__ = "book"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    title: Mapped[str] = mapped_column(String(50))


def committed_ids(lab: Lab) -> list[int]:
    with lab.other_connection() as other:
        return list(other.scalars(select(Book.id).order_by(Book.id)))


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)

    # The question's code.
    with Session(lab.engine) as session:
        outer = Book(id=1, title="Outer")
        session.add(outer)
        with lab.capture() as beginning:
            sp = session.begin_nested()  # (1)
        session.add(Book(id=2, title="Inner"))
        with lab.capture() as flushing:
            session.flush()  # (2)
        with lab.capture() as rolling_back:
            sp.rollback()
        lab.fact("state of book 1 after sp.rollback()", lab.state(outer).status)
        session.commit()
    lab.fact("statements begin_nested() sent", beginning.kinds())
    lab.fact("statements flush (2) sent", flushing.kinds())
    lab.fact("statements sp.rollback() sent", rolling_back.kinds())
    ids = lab.fact("book ids another connection finds after commit", committed_ids(lab))

    # Option F: the same with autoflush disabled.
    with Session(lab.engine, autoflush=False) as session:
        session.add(Book(id=3, title="Outer, no autoflush"))
        with lab.capture() as no_autoflush:
            sp = session.begin_nested()
        session.add(Book(id=4, title="Inner, no autoflush"))
        session.flush()
        sp.rollback()
        session.commit()
    lab.fact("autoflush=False: statements begin_nested() sent", no_autoflush.kinds())
    ids_no_autoflush = lab.fact("autoflush=False: book ids another connection finds after commit", committed_ids(lab))
    lab.fact("autoflush=False: another connection finds the outer book after commit", 3 in ids_no_autoflush)

    inserted_by_begin = beginning.of_kind("INSERT")
    return {
        "A": beginning.count("SAVEPOINT") == 1 and flushing.count("INSERT") == 2,
        "B": beginning.kinds() == ["BEGIN", "INSERT"] and inserted_by_begin[0].values[0] == 1,
        "C": flushing.kinds() == ["SAVEPOINT", "INSERT"] and flushing.of_kind("INSERT")[0].values[0] == 2,
        "D": ids == [1],
        "E": ids == [],
        "F": no_autoflush.count("INSERT") == 0 and 3 not in ids_no_autoflush,
    }


if __name__ == "__main__":
    run_alone(__file__)

"""A Session checks out no connection until its first flush; commit() gives the connection back."""

from sqlalchemy import String
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Book(Base):
    __tablename__ = "book"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(100))


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)
    pool = lab.engine.pool
    lab.fact("pool class", type(pool).__name__)
    checked_out = []

    with lab.capture() as constructing:
        session = Session(lab.engine)
    checked_out.append(pool.checkedout())  # (1)
    with lab.capture() as adding:
        session.add(Book(title="Dune"))
    checked_out.append(pool.checkedout())  # (2)
    lab.fact("session.in_transaction() after add()", session.in_transaction())
    with lab.capture() as flushing:
        session.flush()
    checked_out.append(pool.checkedout())  # (3)
    with lab.capture() as committing:
        session.commit()
    checked_out.append(pool.checkedout())  # (4)
    session.close()

    printed = lab.fact("engine.pool.checkedout() at (1), (2), (3), (4)", checked_out)
    lab.fact("statements Session(engine) and add() sent", constructing.kinds() + adding.kinds())
    flushed = lab.fact("statements the flush sent", flushing.kinds())
    lab.fact("statements commit() sent", committing.kinds())

    return {
        "A": printed == [1, 1, 1, 0],
        "B": printed == [0, 1, 1, 0],
        "C": printed == [0, 0, 1, 0] and flushed == ["BEGIN", "INSERT"],
        "D": printed == [0, 0, 1, 1],
        "E": printed == [0, 0, 0, 0],
    }


if __name__ == "__main__":
    run_alone(__file__)

"""commit() returns the connection to the pool; reading an expired attribute then begins a new transaction that holds one again."""

from sqlalchemy import String
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column
from sqlalchemy.orm.exc import DetachedInstanceError

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Book(Base):
    __tablename__ = "book"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(100))


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)
    with lab.setup(), Session(lab.engine) as setup:
        setup.add(Book(id=1, title="Dune"))
        setup.commit()
    pool = lab.engine.pool

    with Session(lab.engine) as session:
        with lab.capture() as committing:
            book = session.get(Book, 1)
            session.commit()
        after_commit = lab.fact("(1) engine.pool.checkedout() after commit()", pool.checkedout())
        in_session = lab.fact("book in session after commit()", book in session)
        lab.fact("book after commit()", lab.state(book).status)
        lab.fact("book's expired attributes after commit()", sorted(lab.state(book).expired_attributes))
        with lab.capture() as reading:
            read = lab.attempt("(2) book.title", lambda: book.title)
        after_read = lab.fact("(3) engine.pool.checkedout() after reading book.title", pool.checkedout())
        lab.fact("session.in_transaction() after reading book.title", session.in_transaction())
        read_sent = lab.fact("statements (2) sent", reading.kinds())
        lab.fact("statements get() and commit() sent", committing.kinds())
        # rollback() gives the connection back too; reading the (again expired) title then takes one anew.
        session.rollback()
        after_rollback = lab.fact("engine.pool.checkedout() after session.rollback()", pool.checkedout())
        lab.fact("book.title read again after rollback()", book.title)
        lab.fact("engine.pool.checkedout() after reading book.title again", pool.checkedout())
        with lab.capture() as closing:
            session.close()
        lab.fact("statements close() sent", closing.kinds())
        lab.fact("engine.pool.checkedout() after close()", pool.checkedout())

    return {
        "A": after_commit == 1,
        "B": after_commit == 0 and read.ok and after_read == 0,
        "C": read.raised(DetachedInstanceError),
        "D": after_commit == 0
        and read.value == "Dune"
        and read_sent == ["BEGIN", "SELECT"]
        and after_read == 1
        and after_rollback == 0,
        "E": read.value == "Dune" and reading.count() == 0,
    }


if __name__ == "__main__":
    run_alone(__file__)

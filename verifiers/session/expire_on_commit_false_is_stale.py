"""With expire_on_commit=False, reads after commit come from memory: no SQL, still readable after close, and stale."""

from sqlalchemy import String, update
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker
from sqlalchemy.orm.exc import DetachedInstanceError

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Book(Base):
    __tablename__ = "book"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    title: Mapped[str] = mapped_column(String(100))


def rename_elsewhere(lab: Lab) -> None:
    with lab.other_connection() as other:
        other.execute(update(Book).where(Book.id == 1).values(title="Dune Messiah"))
        other.commit()


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)
    with lab.setup(), Session(lab.engine) as setup:
        setup.add(Book(id=1, title="Dune"))
        setup.commit()

    # The question's code.
    factory = sessionmaker(lab.engine, expire_on_commit=False)
    with factory() as session:
        book = session.get(Book, 1)
        with lab.capture() as committing:
            session.commit()
        lab.fact("statements commit() sent", committing.kinds())
        lab.fact("attributes of book expired after commit()", sorted(lab.state(book).expired_attributes))
        with lab.capture() as first:
            read_1 = lab.attempt("(1) book.title", lambda: book.title)
        rename_elsewhere(lab)
        with lab.capture() as second:
            read_2 = lab.attempt("(2) book.title", lambda: book.title)
    with lab.capture() as third:
        read_3 = lab.attempt("(3) book.title", lambda: book.title)
    sent = lab.fact("statements (1), (2), (3) sent", [first.kinds(), second.kinds(), third.kinds()])
    lab.fact("status of book at (3)", lab.state(book).status)

    # What brings it up to date: refresh() or expire() in a (new) session that holds it.
    with Session(lab.engine, expire_on_commit=False) as later:
        later.add(book)
        later.refresh(book)
        lab.fact("book.title after refresh() in a new session", book.title)
        later.commit()  # expires nothing (expire_on_commit=False): only expire() below does
        with lab.other_connection() as other:
            other.execute(update(Book).where(Book.id == 1).values(title="Children of Dune"))
            other.commit()
        later.expire(book)
        lab.fact("book.title after expire() and a read in that session", book.title)

    values = [r.value if r.ok else r.error_class for r in (read_1, read_2, read_3)]
    lab.fact("values read at (1), (2), (3)", values)
    return {
        "A": first.kinds() == ["BEGIN", "SELECT"],
        "B": read_3.raised(DetachedInstanceError),
        "C": values == ["Dune", "Dune", "Dune"] and sent == [[], [], []],
        "D": read_2.ok and read_2.value == "Dune Messiah",
        "E": committing.count("SELECT") > 0,
    }


if __name__ == "__main__":
    run_alone(__file__)

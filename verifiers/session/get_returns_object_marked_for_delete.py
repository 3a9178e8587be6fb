"""After delete() but before a flush, get() hands back the object from the identity map; a query autoflushes the DELETE."""

from sqlalchemy import String, inspect, select
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
    with lab.setup(), Session(lab.engine) as setup:
        setup.add(Book(id=1, title="Dune"))
        setup.commit()

    with Session(lab.engine) as session:
        book = session.get(Book, 1)
        key = inspect(book).key
        session.delete(book)
        lab.fact("book status and in the identity map after delete()",
                 [lab.state(book).status, session.identity_map.get(key) is book])
        with lab.capture() as first:
            a = session.get(Book, 1)  # (1)
        lab.fact("(1) returned", "book" if a is book else a)
        lab.fact("statements (1) sent", first.kinds())
        lab.fact("book in session.deleted after (1)", book in session.deleted)
        with lab.capture() as second:
            b = session.scalars(select(Book).where(Book.id == 1)).first()  # (2)
        lab.fact("(2) returned", "book" if b is book else b)
        second_sent = lab.fact("statements (2) sent", second.queries.kinds())
        lab.fact("book after (2)", lab.state(book).status)
        lab.fact("book in the identity map after (2)", session.identity_map.get(key) is book)
        with lab.capture() as third:
            c = session.get(Book, 1)  # (3)
        lab.fact("(3) returned", "book" if c is book else c)
        lab.fact("statements (3) sent", third.kinds())
        session.rollback()

    return {
        "A": a is None and first.count() == 0,
        "B": first.queries.kinds() == ["DELETE", "SELECT"] and a is None,
        "C": a is book and first.count() == 0 and second_sent == ["DELETE", "SELECT"] and b is None,
        "D": a is book and b is book,
        "E": c is book and third.count() == 0,
    }


if __name__ == "__main__":
    run_alone(__file__)

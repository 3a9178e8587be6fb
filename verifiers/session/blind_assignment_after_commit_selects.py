"""Assigning to objects a commit expired, without reading them, costs a SELECT per object at flush."""

from sqlalchemy import String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Book(Base):
    __tablename__ = "book"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    title: Mapped[str] = mapped_column(String(100))
    price: Mapped[int]


def committed_prices(lab: Lab) -> list[int]:
    with lab.other_connection() as other:
        return list(other.scalars(select(Book.price).order_by(Book.id)))


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)
    with Session(lab.engine) as setup:
        setup.add_all([Book(id=n, title=f"book {n}", price=5) for n in (1, 2, 3)])
        setup.commit()

    with Session(lab.engine) as session:
        books = session.scalars(select(Book).order_by(Book.id)).all()
        session.commit()  # expires all three books
        lab.fact("books after commit()", [str(lab.state(book)) for book in books])

        with lab.capture() as assigning:
            for book in books:
                book.price = 10
        lab.fact("statements sent by the assignments", assigning.kinds())

        with lab.capture() as flushing:
            session.flush()
        session.commit()

    lab.fact("statements sent by the flush", flushing.kinds())
    selects = flushing.of_kind("SELECT")
    updates = flushing.of_kind("UPDATE")
    lab.fact("UPDATE executions, and whether each was an executemany", [u.executemany for u in updates])
    price_loaded = lab.fact("the flush's SELECTs name the price column", [s.mentions("price") for s in selects])
    prices = lab.fact("prices another connection reads after commit()", committed_prices(lab))

    return {
        "A": assigning.count("SELECT") == len(books),
        "B": assigning.count() == 0,
        "C": selects.count() == 0,
        "D": flushing.queries.kinds() == ["SELECT"] * len(books) + ["UPDATE"],
        "E": any(price_loaded),
        "F": updates.count() == 1 and updates[0].executemany and prices == [10, 10, 10],
    }


if __name__ == "__main__":
    run_alone(__file__)

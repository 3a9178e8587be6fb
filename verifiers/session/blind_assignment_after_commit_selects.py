"""Assigning to objects a commit expired, without reading them, costs a SELECT per object at flush."""

from sqlalchemy import String, inspect, select
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
        lab.fact("expired attributes of each book after commit()",
                 [sorted(lab.state(book).expired_attributes) for book in books])

        with lab.capture() as assigning:
            for book in books:
                book.price = 10
        lab.fact("statements sent by the assignments", assigning.kinds())
        histories = [inspect(book).attrs.price.history for book in books]
        lab.fact("price history of each book after the assignment (added, deleted)",
                 [[list(h.added), list(h.deleted)] for h in histories])

        with lab.capture() as flushing:
            session.flush()
        session.commit()

    lab.fact("statements sent by the flush", flushing.kinds())
    selects = flushing.of_kind("SELECT")
    updates = flushing.of_kind("UPDATE")
    lab.fact("values bound to the flush's SELECTs", [s.values for s in selects])
    lab.fact("the flush's SELECTs name the title column", [s.mentions("title") for s in selects])
    lab.fact("UPDATE executions, and whether each was an executemany", [u.executemany for u in updates])
    update_rows = lab.fact("the UPDATE's bound values, per row", [row for u in updates for row in u.values])
    price_loaded = lab.fact("the flush's SELECTs name the price column", [s.mentions("price") for s in selects])
    prices = lab.fact("prices another connection reads after commit()", committed_prices(lab))

    # The remedies: query the books again in the new transaction, or do not expire them on commit.
    with Session(lab.engine) as session:
        session.scalars(select(Book).order_by(Book.id)).all()
        session.commit()
        with lab.capture() as requerying:
            for book in session.scalars(select(Book).order_by(Book.id)).all():
                book.price = 20
            session.flush()
        session.commit()
    lab.fact("statements after the commit when the books are queried again", requerying.queries.kinds())

    with Session(lab.engine, expire_on_commit=False) as session:
        books = session.scalars(select(Book).order_by(Book.id)).all()
        session.commit()
        with lab.capture() as not_expired:
            for book in books:
                book.price = 30
            session.flush()
        session.commit()
    lab.fact("statements after the commit with expire_on_commit=False", not_expired.queries.kinds())

    return {
        "A": assigning.count("SELECT") == len(books),
        "B": assigning.count() == 0,
        "C": selects.count() == 0,
        "D": flushing.queries.kinds() == ["SELECT"] * len(books) + ["UPDATE"],
        "E": any(price_loaded),
        "F": updates.count() == 1 and updates[0].executemany and len(update_rows) == 3 and prices == [10, 10, 10],
    }


if __name__ == "__main__":
    run_alone(__file__)

"""Re-selecting an object already in the identity map sends a SELECT but keeps its loaded values, unless populate_existing."""

from sqlalchemy import String, select, update
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

    with Session(lab.engine, expire_on_commit=False) as session:
        book = session.get(Book, 1)
        session.commit()
        with lab.other_connection() as other:
            other.execute(update(Book).where(Book.id == 1).values(title="Dune Messiah"))
            other.commit()

        with lab.capture() as requery:
            again = session.scalars(select(Book).where(Book.id == 1)).one()  # (1)
        same = lab.fact("again is book", again is book)
        lab.fact("statements (1) sent", requery.kinds())
        printed_2 = lab.fact("(2) again.title", again.title)
        book_title_1 = lab.fact("book.title after (1)", book.title)
        with lab.capture() as column_query:
            printed_3 = lab.fact("(3) title selected as a column",
                                 session.scalar(select(Book.title).where(Book.id == 1)))
        lab.fact("statements (3) sent", column_query.kinds())
        with lab.capture() as repopulating:
            fresh = session.scalars(
                select(Book).where(Book.id == 1).execution_options(populate_existing=True)
            ).one()
        lab.fact("fresh is book", fresh is book)
        lab.fact("statements the populate_existing query sent", repopulating.kinds())
        printed_4 = lab.fact("(4) book.title", book.title)

    # Variant: default expire_on_commit=True, so the commit expires book before the other update.
    with Session(lab.engine) as session:
        book = session.get(Book, 1)
        session.commit()
        with lab.other_connection() as other:
            other.execute(update(Book).where(Book.id == 1).values(title="Children of Dune"))
            other.commit()
        again = session.scalars(select(Book).where(Book.id == 1)).one()
        lab.fact("title after the same query with expire_on_commit=True", again.title)

    return {
        "A": same and requery.count("SELECT") == 1,
        "B": requery.count() == 0,
        "C": printed_2 == "Dune Messiah",
        "D": printed_3 == "Dune Messiah" and printed_2 == "Dune",
        "E": not same and printed_2 == "Dune Messiah" and book_title_1 == "Dune",
        "F": printed_4 == "Dune Messiah",
    }


if __name__ == "__main__":
    run_alone(__file__)

"""Session.get() looks up the identity map with the key exactly as given: "1" is not 1."""

from sqlalchemy import String, exc, select
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
        setup.add(Book(id=1, title="Dune"))
        setup.commit()

    with Session(lab.engine) as session:
        book = session.scalars(select(Book).where(Book.title == "Dune")).one()
        lab.fact("identity of the loaded book", lab.state(book).identity)

        with lab.capture() as by_int:
            same_int = session.get(Book, 1)
        lab.fact("statements session.get(Book, 1) sent", by_int.queries.kinds())

        by_text_error = None
        same_text = None
        with lab.capture() as by_text:
            try:
                same_text = session.get(Book, "1")
            except (exc.SQLAlchemyError, TypeError, ValueError) as error:
                by_text_error = type(error).__name__
        lab.fact("session.get(Book, \"1\") raises", by_text_error)
        lab.fact("statements session.get(Book, \"1\") sent", by_text.queries.kinds())
        lab.fact("get(Book, 1) is book", same_int is book)
        lab.fact("get(Book, \"1\") is book", same_text is book)
        lab.fact("books in the identity map", len(session.identity_map))

    return {
        "A": same_int is book and by_int.count() == 0,
        "B": by_text_error is None and by_text.count() == 0,
        "C": same_text is book and by_text.count("SELECT") == 1,
        "D": same_text is not None and same_text is not book,
        "E": by_text_error is not None,
    }


if __name__ == "__main__":
    run_alone(__file__)

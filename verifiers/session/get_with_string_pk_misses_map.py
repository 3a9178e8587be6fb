"""Session.get() looks up the identity map with the key exactly as given: "1" is not 1."""

from sqlalchemy import String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Book(Base):
    __tablename__ = "book"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    title: Mapped[str] = mapped_column(String(100))

    def __repr__(self) -> str:
        return f"Book(id={self.id!r})"


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)
    with Session(lab.engine) as setup:
        setup.add(Book(id=1, title="Dune"))
        setup.commit()

    with Session(lab.engine) as session:
        book = session.scalars(select(Book).where(Book.title == "Dune")).one()
        lab.fact("identity of the loaded book", lab.state(book).identity)
        lab.fact("the identity key (Book, (1,), None) is in the map", session.identity_map.get((Book, (1,), None)) is book)

        with lab.capture() as by_int:
            same_int = session.get(Book, 1)
        lab.fact("statements session.get(Book, 1) sent", by_int.queries.kinds())

        with lab.capture() as by_text:
            text_get = lab.attempt("session.get(Book, \"1\")", lambda: session.get(Book, "1"))
        same_text = text_get.value
        lab.fact("statements session.get(Book, \"1\") sent", by_text.queries.kinds())
        lab.fact("values bound to the SELECT of session.get(Book, \"1\")", [s.values for s in by_text.of_kind("SELECT")])
        lab.fact("get(Book, 1) is book", same_int is book)
        lab.fact("get(Book, \"1\") is book", same_text is book)
        lab.fact("identity of book after session.get(Book, \"1\")", lab.state(book).identity)
        lab.fact("books in the identity map", len(session.identity_map))

        with lab.capture() as again:
            session.get(Book, "1")
        lab.fact("statements a second session.get(Book, \"1\") sent", again.queries.kinds())

    return {
        "A": same_text is not None and same_text is not book,
        "B": text_get.ok and by_text.count() == 0,
        "C": same_text is book and by_text.count("SELECT") == 1,
        "D": same_int is book and by_int.count() == 0,
        "E": not text_get.ok,
    }


if __name__ == "__main__":
    run_alone(__file__)

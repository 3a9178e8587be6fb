"""After commit() expires an object, the first attribute read reloads all its columns in one SELECT, in a new transaction."""

from sqlalchemy import String
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column
from sqlalchemy.orm.exc import DetachedInstanceError

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Book(Base):
    __tablename__ = "book"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    title: Mapped[str] = mapped_column(String(100))
    note: Mapped[str | None] = mapped_column(String(100))
    price: Mapped[int]


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)
    with lab.setup(), Session(lab.engine) as setup:
        setup.add(Book(id=1, title="Dune", note="classic", price=12))
        setup.commit()

    # The question's code.
    with Session(lab.engine) as session:
        book = session.get(Book, 1)
        with lab.capture() as committing:
            session.commit()
        lab.fact("statements commit() sent", committing.kinds())
        lab.fact("attributes expired after commit()", sorted(lab.state(book).expired_attributes))
        lab.fact("status of book after commit()", lab.state(book).status)
        reads = []
        with lab.capture() as reading_title:
            reads.append(lab.attempt("book.title", lambda: book.title))
        in_tx = lab.fact("session.in_transaction() after (1)", session.in_transaction())
        with lab.capture() as reading_note:
            reads.append(lab.attempt("book.note", lambda: book.note))
        with lab.capture() as reading_price:
            reads.append(lab.attempt("book.price", lambda: book.price))
    sent = lab.fact("statements each read sent",
                    [reading_title.kinds(), reading_note.kinds(), reading_price.kinds()])
    reload = reading_title.of_kind("SELECT")
    columns = lab.fact("columns the reload SELECT names, of title/note/price",
                       [c for c in ("title", "note", "price") if reload and reload[0].mentions(c)])
    lab.fact("bound values of the reload SELECT", reload[0].values if reload else None)
    values = lab.fact("values read", [r.value for r in reads])
    all_reads = reading_title.kinds() + reading_note.kinds() + reading_price.kinds()

    return {
        "A": committing.count("SELECT") >= 1,
        "B": all_reads == [],
        "C": all_reads.count("SELECT") == 3,
        "D": reads[0].raised(DetachedInstanceError),
        "E": reading_title.count("SELECT") == 1 and not in_tx,
        "F": in_tx and sent == [["BEGIN", "SELECT"], [], []] and columns == ["title", "note", "price"]
        and values == ["Dune", "classic", 12],
    }


if __name__ == "__main__":
    run_alone(__file__)

"""With a relationship(), the flush INSERTs the parent before the child and DELETEs the child before the parent, whatever the call order."""

from sqlalchemy import ForeignKey, String, exc
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Author(Base):
    __tablename__ = "author"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    books: Mapped[list["Book"]] = relationship(back_populates="author")


class Book(Base):
    __tablename__ = "book"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(50))
    author_id: Mapped[int] = mapped_column(ForeignKey("author.id"))
    author: Mapped[Author] = relationship(back_populates="books")


def tables_in_order(statements) -> list[str]:
    """The table each statement writes, in the order they were sent (book's columns include author_id, not author)."""
    return ["book" if s.mentions("book") else "author" if s.mentions("author") else "?" for s in statements]


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)

    with Session(lab.engine) as session:
        with lab.capture() as inserting:
            author = Author(name="Ann")
            book = Book(title="Notes", author=author)
            session.add(book)      # the child first
            session.add(author)
            session.flush()        # (1)
        insert_order = lab.fact("tables of the INSERTs flush (1) sent, in order",
                                tables_in_order(inserting.of_kind("INSERT")))
        lab.fact("statements flush (1) sent", inserting.queries.kinds())
        lab.fact("book.author_id after flush (1) equals author.id", book.author_id == author.id)
        book_insert = inserting.of_kind("INSERT").mentioning("book")[0]
        lab.fact("the book INSERT binds the author's new id", author.id in book_insert.values)

        with lab.capture() as deleting:
            session.delete(author)  # the parent first
            session.delete(book)
            flush = lab.attempt("flush (2)", session.flush)
        delete_order = lab.fact("tables of the DELETEs flush (2) sent, in order",
                                tables_in_order(deleting.of_kind("DELETE")))
        statements = lab.fact("statements flush (2) sent", deleting.queries.kinds())
        session.rollback()

    return {
        "A": insert_order == ["book", "author"],
        "B": insert_order == ["author", "book"],
        "C": flush.ok and statements == ["UPDATE", "DELETE", "DELETE"]
             and deleting.of_kind("UPDATE")[0].mentions("author_id") and None in deleting.of_kind("UPDATE")[0].values,
        "D": flush.ok and delete_order == ["book", "author"],
        "E": flush.raised(exc.IntegrityError) and delete_order[:1] == ["author"],
    }


if __name__ == "__main__":
    run_alone(__file__)

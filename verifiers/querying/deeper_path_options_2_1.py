"""An object reached by two loader paths: 2.0 may keep the deeper path's options for it, 2.1 keeps the shallowest."""

from sqlalchemy import ForeignKey, String, exc, insert, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, joinedload, mapped_column, relationship

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Author(Base):
    __tablename__ = "author"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    name: Mapped[str] = mapped_column(String(50))
    books: Mapped[list["Book"]] = relationship(back_populates="author")
    awards: Mapped[list["Award"]] = relationship()


class Book(Base):
    __tablename__ = "book"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    author_id: Mapped[int] = mapped_column(ForeignKey("author.id"))
    author: Mapped[Author] = relationship(back_populates="books")


class Award(Base):
    __tablename__ = "award"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    author_id: Mapped[int] = mapped_column(ForeignKey("author.id"))


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        Base.metadata.create_all(lab.engine)
        with lab.engine.begin() as conn:
            conn.execute(insert(Author), [{"id": 1, "name": "ann"}])
            conn.execute(insert(Book), [{"id": 1, "author_id": 1}, {"id": 2, "author_id": 1}])
            conn.execute(insert(Award), [{"id": 1, "author_id": 1}, {"id": 2, "author_id": 1}])

    with Session(lab.engine) as session:
        with lab.capture() as loading:
            author = session.scalars(
                select(Author).options(
                    joinedload(Author.books).joinedload(Book.author).raiseload("*"),
                    joinedload(Author.awards),
                )
            ).unique().one()
        lab.fact("statements sent loading", loading.queries.kinds())
        lab.fact("awards loaded by the query", len(author.awards))
        session.expire(author)
        with lab.capture() as refreshing:
            name = lab.attempt("author.name after expire()", lambda: author.name)
        refresh = refreshing.of_kind("SELECT")
        lab.fact("statements sent refreshing author.name", refreshing.queries.kinds())
        lab.fact("the refresh SELECT joins book and award", bool(refresh) and refresh[0].has_join
                 and refresh[0].mentions("book_1") and refresh[0].mentions("award_1"))
        with lab.capture() as reading:
            awards = lab.attempt("len(author.awards) after expire()", lambda: len(author.awards))
        reading_sent = lab.fact("statements sent reading author.awards", reading.queries.kinds())

    # The refresh SELECT joins the books, their author again (author_1) and the awards.
    refresh_joins = bool(refresh) and all(refresh[0].mentions(alias) for alias in ("book_1", "author_1", "award_1"))
    return {
        "A": name.raised(exc.InvalidRequestError),
        "B": awards.raised(exc.InvalidRequestError, match="'Author.awards' is not available due to lazy='raise'"),
        "C": awards.ok and awards.value == 2 and reading_sent == [] and refresh_joins,
        "D": awards.ok and awards.value == 2 and reading_sent == ["SELECT"],
        "E": awards.ok and awards.value == 0,
    }


if __name__ == "__main__":
    run_alone(__file__)

"""Five loader strategies, one collection, 1,200 parents: the SELECTs each one sends."""

from sqlalchemy import ForeignKey, String, insert, select
from sqlalchemy.orm import (
    DeclarativeBase,
    Mapped,
    Session,
    immediateload,
    joinedload,
    mapped_column,
    relationship,
    selectinload,
    subqueryload,
)

from verifiers import Lab, StatementList, run_alone

AUTHORS = 1200
BOOKS_EACH = 3


class Base(DeclarativeBase):
    pass


class Author(Base):
    __tablename__ = "authors"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    books: Mapped[list["Book"]] = relationship()  # default lazy="select"


class Book(Base):
    __tablename__ = "books"
    id: Mapped[int] = mapped_column(primary_key=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("authors.id"))
    title: Mapped[str] = mapped_column(String(50))


def load_then_touch(lab: Lab, *options) -> tuple[StatementList, StatementList, int]:
    """Load every author with ``options``, then read every author's books.

    Returns the SELECTs sent while loading, those sent while reading, and how
    many books were seen in all.
    """
    with Session(lab.engine) as session:
        with lab.capture() as loading:
            authors = session.scalars(select(Author).options(*options)).unique().all()
        with lab.capture() as touching:
            books_seen = sum(len(author.books) for author in authors)
    return loading.of_kind("SELECT"), touching.of_kind("SELECT"), books_seen


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)
    with lab.engine.begin() as conn:  # two executemany INSERTs through Core
        conn.execute(insert(Author), [{"id": a, "name": f"author {a}"} for a in range(1, AUTHORS + 1)])
        conn.execute(
            insert(Book),
            [
                {"author_id": a, "title": f"book {a}.{b}"}
                for a in range(1, AUTHORS + 1)
                for b in range(BOOKS_EACH)
            ],
        )

    # Default lazy loading: nothing extra at load time, one SELECT per collection read.
    lazy_load, lazy_touch, lazy_books = load_then_touch(lab)
    lab.fact("lazy: SELECTs while loading / while reading books", (len(lazy_load), len(lazy_touch)))
    lab.fact("lazy: books seen", lazy_books)

    # joinedload: the collection comes back in the same statement.
    joined_load, joined_touch, joined_books = load_then_touch(lab, joinedload(Author.books))
    joined_selects = lab.fact("joinedload: SELECTs in all", len(joined_load) + len(joined_touch))
    joined_has_join = lab.fact("joinedload: every SELECT has a JOIN", all(s.has_join for s in joined_load))
    lab.fact("joinedload: the JOIN is LEFT OUTER", ["LEFT OUTER JOIN" in s.sql.upper() for s in joined_load])
    lab.fact("joinedload: books seen", joined_books)

    # selectinload: the parent SELECT, then IN-list SELECTs against books.
    selectin_load, selectin_touch, selectin_books = load_then_touch(lab, selectinload(Author.books))
    selectin_extra = selectin_load[1:]
    in_lists = lab.fact("selectinload: IN-list sizes of the extra SELECTs", [s.in_list_sizes for s in selectin_extra])
    selectin_joins = lab.fact("selectinload: extra SELECTs with a JOIN", sum(s.has_join for s in selectin_extra))
    selectin_authors = lab.fact(
        "selectinload: extra SELECTs naming the authors table", sum(s.mentions("authors") for s in selectin_extra)
    )
    lab.fact("selectinload: SELECTs while reading books", len(selectin_touch))
    lab.fact("selectinload: books seen", selectin_books)

    # subqueryload: one more SELECT that wraps the authors query and joins books to it.
    sub_load, sub_touch, sub_books = load_then_touch(lab, subqueryload(Author.books))
    sub_extra = sub_load[1:]
    lab.fact("subqueryload: extra SELECTs", len(sub_extra))
    sub_shape = lab.fact(
        "subqueryload: extra SELECT has (subquery, JOIN, names authors)",
        [(s.has_subquery, s.has_join, s.mentions("authors")) for s in sub_extra],
    )
    lab.fact("subqueryload: SELECTs while reading books", len(sub_touch))
    lab.fact("subqueryload: books seen", sub_books)

    # immediateload: the per-collection SELECTs are sent while the authors load.
    imm_load, imm_touch, imm_books = load_then_touch(lab, immediateload(Author.books))
    imm_extra = imm_load[1:]
    lab.fact("immediateload: SELECTs while loading / while reading books", (len(imm_load), len(imm_touch)))
    imm_with_in = lab.fact("immediateload: extra SELECTs with an IN list", sum(s.has_in_list for s in imm_extra))
    lab.fact("immediateload: books seen", imm_books)

    return {
        "A": joined_selects == AUTHORS and joined_has_join,
        "B": len(lazy_load) == 1 and len(lazy_touch) == AUTHORS and lazy_books == AUTHORS * BOOKS_EACH,
        "C": in_lists == [[AUTHORS]],
        "D": len(selectin_extra) > 0 and selectin_joins == 0 and selectin_authors == 0,
        "E": sub_shape == [(True, True, True)],
        "F": len(imm_extra) == len(in_lists) and imm_with_in == len(imm_extra) and len(imm_touch) == 0,
    }


if __name__ == "__main__":
    run_alone(__file__)

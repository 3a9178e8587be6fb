"""refresh() expires the attributes it reloads, then autoflushes the edits left on the others."""

from sqlalchemy import String, delete, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Book(Base):
    __tablename__ = "book"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    title: Mapped[str] = mapped_column(String(100))
    note: Mapped[str] = mapped_column(String(100))


def start_over(lab: Lab) -> None:
    with Session(lab.engine) as setup:
        setup.execute(delete(Book))
        setup.add(Book(id=1, title="Dune", note="hardcover"))
        setup.commit()


def committed_title(lab: Lab) -> str:
    with lab.other_connection() as other:
        return other.scalar(select(Book.title).where(Book.id == 1))


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)

    start_over(lab)
    with Session(lab.engine) as session:
        book = session.get(Book, 1)
        book.title = "Dune Messiah"
        book.note = "paperback"
        with lab.capture() as refreshing:
            session.refresh(book, ["note"])
        title = lab.fact("book.title after refresh(book, ['note'])", book.title)
        note = lab.fact("book.note after refresh(book, ['note'])", book.note)
        session.commit()
    lab.fact("statements refresh(book, ['note']) sent", refreshing.queries.kinds())
    updates = refreshing.of_kind("UPDATE")
    reloads = refreshing.of_kind("SELECT")
    update_sets = lab.fact(
        "columns the UPDATE names", [c for u in updates for c in ("title", "note") if u.mentions(c)]
    )
    reload_reads = lab.fact(
        "columns the reload SELECT names", [c for s in reloads for c in ("title", "note") if s.mentions(c)]
    )
    lab.fact("values bound to the reload SELECT", [s.values for s in reloads])
    saved_title = lab.fact("title another connection reads after commit", committed_title(lab))

    start_over(lab)
    with Session(lab.engine) as session:
        book = session.get(Book, 1)
        book.title = "Dune Messiah"
        book.note = "paperback"
        with lab.capture() as refreshing_all:
            session.refresh(book)
        title_after_full, _ = lab.fact("book.title and book.note after refresh(book)", [book.title, book.note])
    lab.fact("statements refresh(book) sent", refreshing_all.queries.kinds())

    return {
        "A": refreshing.queries.kinds() == ["UPDATE", "SELECT"] and update_sets == ["title"],
        "B": "note" in update_sets or note == "paperback",
        "C": note == "hardcover",
        "D": "title" in reload_reads and title == "Dune",
        "E": refreshing_all.count("UPDATE") > 0 and title_after_full == "Dune Messiah",
        "F": saved_title == "Dune Messiah",
    }


if __name__ == "__main__":
    run_alone(__file__)

"""expunge() keeps loaded values readable, leaves expired ones unloadable, and takes a pending object out of the flush."""

from sqlalchemy import String, select
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


def committed_ids(lab: Lab) -> list[int]:
    with lab.other_connection() as other:
        return list(other.scalars(select(Book.id).order_by(Book.id)))


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)
    with lab.setup(), Session(lab.engine) as setup:
        setup.add(Book(id=1, title="Dune", note="classic"))
        setup.commit()

    # The question's code.
    with Session(lab.engine) as session:
        book = session.get(Book, 1)
        session.expire(book, ["note"])
        draft = Book(id=2, title="Emma")
        session.add(draft)
        with lab.capture() as expunging:
            session.expunge(book)
            session.expunge(draft)
        lab.fact("statements the expunge() calls sent", expunging.kinds())
        book_state = lab.fact("state of book after expunge()", lab.state(book))
        lab.fact("status of book after expunge()", book_state.status)
        lab.fact("attributes of book expired after expunge()", sorted(book_state.expired_attributes))
        draft_status = lab.fact("status of draft after expunge()", lab.state(draft).status)
        with lab.capture() as reading_title:
            title = lab.attempt("(1) book.title", lambda: book.title)
        lab.fact("statements (1) sent", reading_title.kinds())
        with lab.capture() as reading_note:
            note = lab.attempt("(2) book.note", lambda: book.note)
        lab.fact("statements (2) sent", reading_note.kinds())
        with lab.capture() as committing:
            session.commit()
        lab.fact("statements (3) sent", committing.kinds())
    rows = lab.fact("ids another connection sees after commit", committed_ids(lab))

    return {
        "A": title.ok and title.value == "Dune" and reading_title.count() == 0,
        "B": title.raised(DetachedInstanceError),
        "C": note.raised(DetachedInstanceError),
        "D": note.ok and note.value is None,
        "E": draft_status == "transient" and committing.count("INSERT") == 0 and rows == [1],
        "F": committing.count("INSERT") == 1 and 2 in rows,
    }


if __name__ == "__main__":
    run_alone(__file__)

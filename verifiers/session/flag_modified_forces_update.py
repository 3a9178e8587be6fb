"""flag_modified() forces an UPDATE of an unchanged loaded value, and refuses an expired attribute."""

import re

from sqlalchemy import String
from sqlalchemy.exc import InvalidRequestError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column
from sqlalchemy.orm.attributes import flag_dirty, flag_modified

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Book(Base):
    __tablename__ = "book"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    title: Mapped[str] = mapped_column(String(50))


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)
    with lab.setup(), Session(lab.engine) as setup:
        setup.add(Book(id=1, title="Dune"))
        setup.commit()

    # The question's code.
    with Session(lab.engine) as session:
        book = session.get(Book, 1)
        with lab.capture() as flushing:
            flag_modified(book, "title")
            session.flush()  # (1)
        updates = flushing.of_kind("UPDATE")
        lab.fact("statements flush (1) sent", flushing.kinds())
        lab.fact("values the UPDATE of flush (1) binds", updates[0].values if updates.count() else None)
        session.commit()
        lab.fact("expired attributes of book after the commit", sorted(lab.state(book).expired_attributes))
        with lab.capture() as calling:
            second = lab.attempt("flag_modified(book, 'title') after the commit",
                                 lambda: flag_modified(book, "title"))
        lab.fact("statements call (2) sent", calling.kinds())
        modified_after_2 = session.is_modified(book)
        with lab.capture() as next_flush:
            session.flush()
        lab.fact("statements a flush after call (2) sends", next_flush.kinds())

    # Option E: flag_dirty() in place of flag_modified().
    with Session(lab.engine) as session:
        book = session.get(Book, 1)
        flag_dirty(book)
        lab.fact("flag_dirty(): book in session.dirty", book in session.dirty)
        lab.fact("flag_dirty(): session.is_modified(book)", session.is_modified(book))
        with lab.capture() as dirty_flush:
            session.flush()
        lab.fact("flag_dirty(): statements the flush sent", dirty_flush.kinds())
        session.rollback()

    title_updated = updates.count() == 1 and updates[0].mentions("title") and "Dune" in updates[0].values
    return {
        "A": flushing.count() == 0,
        "B": title_updated and second.raised(
            InvalidRequestError,
            match=re.escape("Can't flag attribute 'title' modified; it's not present in the object state")),
        "C": calling.count("SELECT") == 1 and second.ok and next_flush.count("UPDATE") == 1,
        "D": second.ok and not modified_after_2,
        "E": dirty_flush.count("UPDATE") == 1,
    }


if __name__ == "__main__":
    run_alone(__file__)

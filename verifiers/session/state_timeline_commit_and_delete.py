"""An object's states through add/commit/delete/flush/commit: persistent after commit, deleted after the DELETE flush, detached at the end."""

from sqlalchemy import String, inspect
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Book(Base):
    __tablename__ = "book"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(100))


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)

    with Session(lab.engine) as session:
        with lab.capture() as sql:
            book = Book(title="Dune")
            session.add(book)
            session.commit()
            at_1 = lab.fact("(1) state", lab.state(book))
            in_session_1 = lab.fact("(1) book in session", book in session)
            with lab.capture() as deleting:
                session.delete(book)
            at_2 = lab.fact("(2) state", lab.state(book))
            lab.fact("(2) book in session.deleted", book in session.deleted)
            lab.fact("(2) status", at_2.status)
            deleted_2 = lab.fact("(2) inspect(book).deleted", inspect(book).deleted)
            with lab.capture() as flushing:
                session.flush()
            at_3 = lab.fact("(3) state", lab.state(book))
            in_session_3 = lab.fact("(3) book in session", book in session)
            deleted_3 = inspect(book).deleted
            session.commit()
            at_4 = lab.fact("(4) state", lab.state(book))
            was_deleted_4 = lab.fact("(4) inspect(book).was_deleted", inspect(book).was_deleted)
            detached_4 = inspect(book).detached
        lab.fact("(4) book.id", book.id)
        lab.fact("(4) identity", at_4.identity)
        lab.fact("statements delete() sent", deleting.kinds())
        lab.fact("statements the flush sent", flushing.queries.kinds())
        lab.fact("statements sent", sql.kinds())

    return {
        "A": at_1.detached,
        "B": at_1.persistent and in_session_1 and "title" in at_1.expired_attributes,
        "C": deleted_2,
        "D": deleted_3 and not in_session_3,
        "E": at_4.transient,
        "F": detached_4 and was_deleted_4,
    }


if __name__ == "__main__":
    run_alone(__file__)

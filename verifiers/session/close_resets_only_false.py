"""By default close() only resets a Session; with close_resets_only=False a closed Session refuses further use."""

from sqlalchemy import String, func, select
from sqlalchemy.exc import InvalidRequestError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Book(Base):
    __tablename__ = "book"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    title: Mapped[str] = mapped_column(String(100))


def count_books(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Book))


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)
    with Session(lab.engine) as setup:
        setup.add(Book(id=1, title="Dune"))
        setup.commit()

    with Session(lab.engine) as session:
        book = session.get(Book, 1)
        with lab.capture() as closing:
            session.close()
        lab.fact("statements session.close() sent", closing.kinds())
        lab.fact("objects in the session after session.close()", len(session.identity_map))
        checked_out = lab.fact("engine.pool.checkedout() after session.close()", lab.engine.pool.checkedout())
        with lab.capture() as reused:
            default = lab.attempt("statement (1)", lambda: count_books(session))
        lab.fact("engine.pool.checkedout() after statement (1)", lab.engine.pool.checkedout())
        book_state = lab.fact("book after session.close()", lab.state(book))
    reused_kinds = lab.fact("statements (1) sent", reused.kinds())

    with Session(lab.engine, close_resets_only=False) as strict:
        strict_book = strict.get(Book, 1)
        strict.close()
        strict_state = lab.fact("strict_book after strict.close()", lab.state(strict_book))
        with lab.capture() as refused:
            strict_result = lab.attempt("statement (2)", lambda: count_books(strict))
            other_uses = [
                lab.attempt("strict.get(Book, 1) after strict.close()", lambda: strict.get(Book, 1)),
                lab.attempt("strict.connection() after strict.close()", strict.connection),
            ]
    refused_kinds = lab.fact("statements (2) sent", refused.kinds())
    lab.fact("the message of (2) says the Session is closed", strict_result.raised(InvalidRequestError, match="closed"))
    lab.fact("strict.get() and strict.connection() raise InvalidRequestError",
             [use.raised(InvalidRequestError) for use in other_uses])
    lab.fact("statements sent by (2), strict.get() and strict.connection()", refused.count())
    lab.fact("book and strict_book are detached after close()", [book_state.detached, strict_state.detached])

    return {
        "A": default.raised(InvalidRequestError),
        "B": default.ok and default.value == 1 and reused_kinds == ["BEGIN", "SELECT"],
        "C": strict_result.raised(InvalidRequestError) and refused_kinds == [],
        "D": (strict_result.ok and strict_result.value == default.value) or not strict_state.detached,
        "E": checked_out > 0,
    }


if __name__ == "__main__":
    run_alone(__file__)

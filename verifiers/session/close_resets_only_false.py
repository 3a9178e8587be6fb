"""By default close() only resets a Session; with close_resets_only=False a closed Session refuses further use."""

from collections.abc import Callable

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


def outcome(call: Callable[[], object]) -> object:
    """What ``call()`` returned, or the InvalidRequestError it raised, as text."""
    try:
        return call()
    except InvalidRequestError as error:
        return f"{type(error).__name__}: {error}"


def count_books(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Book))


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)
    with Session(lab.engine) as setup:
        setup.add(Book(id=1, title="Dune"))
        setup.commit()

    with Session(lab.engine) as session:
        book = session.get(Book, 1)
        session.close()
        checked_out = lab.fact("engine.pool.checkedout() after session.close()", lab.engine.pool.checkedout())
        with lab.capture() as reused:
            default_result = lab.fact("statement (1)", outcome(lambda: count_books(session)))
        lab.fact("book after session.close()", lab.state(book))
    reused_kinds = lab.fact("statements (1) sent", reused.kinds())

    with Session(lab.engine, close_resets_only=False) as strict:
        strict_book = strict.get(Book, 1)
        strict.close()
        strict_state = lab.fact("strict_book after strict.close()", lab.state(strict_book))
        with lab.capture() as refused:
            strict_result = lab.fact("statement (2)", outcome(lambda: count_books(strict)))
    refused_kinds = lab.fact("statements (2) sent", refused.kinds())

    return {
        "A": default_result == 1 and reused_kinds == ["BEGIN", "SELECT"],
        "B": str(default_result).startswith("InvalidRequestError"),
        "C": str(strict_result).startswith("InvalidRequestError") and refused_kinds == [],
        "D": strict_result == default_result or not strict_state.detached,
        "E": checked_out > 0,
    }


if __name__ == "__main__":
    run_alone(__file__)

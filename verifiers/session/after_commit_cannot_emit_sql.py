"""In after_commit the session is in the 'committed' state: its own queries raise, a separate Session's work."""

from collections.abc import Callable

from sqlalchemy import String, delete, event, func, select
from sqlalchemy.exc import InvalidRequestError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Book(Base):
    __tablename__ = "book"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    title: Mapped[str] = mapped_column(String(100))


def count_books(executor: Session) -> int:
    return executor.scalar(select(func.count()).select_from(Book))


def committed_rows(lab: Lab) -> int:
    with lab.other_connection() as other:
        return other.scalar(select(func.count()).select_from(Book))


def outcome(call: Callable[[], object]) -> object:
    """What ``call()`` returned, or the InvalidRequestError it raised, as text."""
    try:
        return call()
    except InvalidRequestError as error:
        return f"{type(error).__name__}: {error}"


def commit_with_listener(lab: Lab, label: str, counter: Callable[[Session], int]) -> dict[str, object]:
    """Add a book and commit, with an after_commit listener that calls ``counter(session)``."""
    with Session(lab.engine) as setup:
        setup.execute(delete(Book))
        setup.commit()

    seen: dict[str, object] = {"counts": []}
    with Session(lab.engine) as session, lab.capture() as committing:

        def on_after_commit(session: Session) -> None:
            seen["sent before the listener"] = committing.transaction_flow()
            seen["counts"].append(counter(session))

        event.listen(session, "after_commit", on_after_commit)
        session.add(Book(id=1, title="Dune"))
        seen["commit()"] = outcome(session.commit)
        seen["next query"] = outcome(lambda: count_books(session))
        seen["rollback()"] = outcome(session.rollback)
        session.close()
        seen["query after close()"] = outcome(lambda: count_books(session))
    for key, value in seen.items():
        lab.fact(f"{label}: {key}", value)
    seen["rows"] = lab.fact(f"{label}: rows another connection counts", committed_rows(lab))
    return seen


def in_separate_session(lab: Lab) -> Callable[[Session], int]:
    def count(session: Session) -> int:
        with Session(lab.engine) as other:
            return count_books(other)

    return count


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)

    same = commit_with_listener(lab, "query through the committing session", count_books)
    separate = commit_with_listener(lab, "query through a separate Session", in_separate_session(lab))

    refused = "InvalidRequestError: This session is in 'committed' state"
    return {
        "A": same["counts"] == [1],
        "B": str(same["commit()"]).startswith(refused) and same["counts"] == [],
        "C": same["rows"] == 1 and str(same["commit()"]).startswith(refused),
        "D": "COMMIT" not in same["sent before the listener"],
        "E": separate["counts"] == [1] and separate["commit()"] is None,
        "F": same["next query"] == 1,
    }


if __name__ == "__main__":
    run_alone(__file__)

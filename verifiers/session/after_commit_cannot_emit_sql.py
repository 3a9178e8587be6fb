"""In after_commit the session is in the 'committed' state: its own queries raise, a separate Session's work."""

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


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)

    # The question's code: the listener queries through the session that is committing.
    counts: list[int] = []
    seen: dict[str, object] = {}
    with Session(lab.engine) as session, lab.capture() as committing:

        def on_after_commit(session: Session) -> None:
            seen["sent before the listener"] = committing.transaction_flow()
            seen["in_transaction"] = session.in_transaction()
            with lab.capture() as during:
                seen["during"] = during
                query = seen["listener's query"] = lab.attempt("the listener's query", lambda: count_books(session))
            if not query.ok:
                raise query.error  # as the question's listener does: its exception leaves the listener
            counts.append(query.value)

        event.listen(session, "after_commit", on_after_commit)
        session.add(Book(id=1, title="Dune"))
        commit = lab.attempt("commit()", session.commit)
        next_query = lab.attempt("the next query through the session", lambda: count_books(session))
        rollback = lab.attempt("session.rollback()", session.rollback)
        session.close()
        after_close = lab.attempt("a query after session.close()", lambda: count_books(session))

    lab.fact("counts", counts)
    flow = lab.fact("transaction control sent before the listener ran", seen["sent before the listener"])
    lab.fact("session.in_transaction() inside the listener", seen["in_transaction"])
    lab.fact("statements sent while the listener ran", seen["during"].kinds())
    listener_query = seen["listener's query"]
    same_error = lab.fact("commit() raised the listener's exception itself", commit.error is listener_query.error)
    lab.fact(
        "the next query and rollback() raise the same 'committed' state error",
        [next_query.raised(InvalidRequestError, match="'committed' state"),
         rollback.raised(InvalidRequestError, match="'committed' state")],
    )
    lab.fact("the count a query gives after session.close()", after_close.value)
    rows = lab.fact("rows another connection counts", committed_rows(lab))

    # Variant: the listener counts in a separate Session.
    with Session(lab.engine) as cleanup:
        cleanup.execute(delete(Book))
        cleanup.commit()
    separate_counts: list[int] = []
    with Session(lab.engine) as session, lab.capture() as separate_committing:

        def count_in_separate_session(session: Session) -> None:
            with Session(lab.engine) as other, lab.capture() as separate_during:
                separate_counts.append(count_books(other))
            seen["separate during"] = separate_during

        event.listen(session, "after_commit", count_in_separate_session)
        session.add(Book(id=1, title="Dune"))
        separate_commit = lab.attempt("commit() with the count in a separate Session", session.commit)

    lab.fact("counts with the count in a separate Session", separate_counts)
    separate_during = seen["separate during"]
    lab.fact("statements the separate Session sent in the listener", separate_during.kinds())
    lab.fact(
        "the separate Session used the committing session's connection",
        bool(set(separate_during.connections()) & set(separate_committing.of_kind("COMMIT").connections())),
    )

    return {
        "A": counts == [1],
        "B": listener_query.raised(InvalidRequestError, match="'committed' state") and same_error and counts == [],
        "C": rows == 1 and not commit.ok,
        "D": "COMMIT" not in flow,
        "E": separate_counts == [1] and separate_commit.ok,
        "F": next_query.ok and next_query.value == 1,
    }


if __name__ == "__main__":
    run_alone(__file__)

"""After a flush fails, the Session refuses all work with PendingRollbackError until rollback()."""

from sqlalchemy import String, exc, func, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "app_user"
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(100), unique=True)


def count_users(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(User))


def committed_emails(lab: Lab) -> set[str]:
    with lab.other_connection() as other:
        return set(other.scalars(select(User.email)))


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)
    with Session(lab.engine) as setup:
        setup.add(User(email="ada@example.com"))
        setup.commit()

    with Session(lab.engine) as session:
        bob = User(email="bob@example.com")
        session.add(bob)
        with lab.capture() as first_flush:
            session.flush()  # succeeds: bob's INSERT is sent
        lab.fact("statements flush (1) sent", first_flush.queries.kinds())
        lab.fact("bob after the first flush", lab.state(bob))

        session.add(User(email="ada@example.com"))  # duplicate unique value
        with lab.capture() as second_flush:
            flush = lab.attempt("the second flush", session.flush)
        lab.fact("statements the second flush sent", second_flush.kinds())
        lab.fact("the IntegrityError wraps the driver's error", flush.raised(exc.IntegrityError)
                 and not type(flush.error.orig).__module__.startswith("sqlalchemy"))

        with lab.capture() as next_query:
            query = lab.attempt("the next query", lambda: count_users(session))
        query_sent = lab.fact("statements the next query sent", next_query.count())
        lab.fact("session.is_active before rollback()", session.is_active)
        carol = User(email="carol@example.com")
        session.add(carol)  # a new change, so that flush() has something to write
        with lab.capture() as refused:
            flush_again = lab.attempt("flush() of a new change before rollback()", session.flush)
            commit = lab.attempt("commit() before rollback()", session.commit)
        lab.fact("flush() of a new change and commit() before rollback() raise PendingRollbackError",
                 [flush_again.raised(exc.PendingRollbackError), commit.raised(exc.PendingRollbackError)])
        lab.fact("BEGINs sent between the failed flush and rollback()", next_query.count("BEGIN") + refused.count("BEGIN"))
        session.expunge(carol)  # taken back, or rollback() would warn that it discards a change

        session.rollback()
        with lab.capture() as after_rollback:
            query_after_rollback = lab.attempt("a query after session.rollback()", lambda: count_users(session))
        lab.fact("statements the query after rollback() sent", after_rollback.kinds())
        bob_state = lab.fact("bob after session.rollback()", lab.state(bob))
        session.commit()

    committed = lab.fact("emails another connection sees after commit()", committed_emails(lab))

    return {
        "A": flush.raised(exc.IntegrityError),
        "B": query.raised(exc.PendingRollbackError) and query_sent == 0,
        "C": query.ok,
        "D": query.raised(exc.IntegrityError),
        "E": query_after_rollback.ok and bob_state.transient,
        "F": "bob@example.com" in committed,
    }


if __name__ == "__main__":
    run_alone(__file__)

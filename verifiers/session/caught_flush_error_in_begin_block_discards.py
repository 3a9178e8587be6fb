"""A flush error caught inside ``with session.begin():`` silently ends the block without a COMMIT."""

from sqlalchemy import String, exc, func, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "app_user"
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(100), unique=True)


def committed_emails(lab: Lab) -> list[str]:
    with lab.other_connection() as other:
        return sorted(other.scalars(select(User.email)))


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)
    with Session(lab.engine) as setup:
        setup.add(User(email="ada@example.com"))
        setup.commit()

    # The question's code, with what happens at each step recorded.
    inside: dict[str, object] = {}
    with lab.capture() as sql, Session(lab.engine) as session:
        carol = User(email="carol@example.com")

        def the_block() -> None:
            with session.begin():
                session.add(User(email="ada@example.com"))  # duplicate unique value
                with lab.capture() as failing:
                    try:
                        session.flush()
                    except exc.IntegrityError as error:
                        inside["flush error"] = type(error).__name__
                inside["flush sent"] = failing.kinds()
                inside["active"] = session.is_active
                with lab.capture() as adding:
                    inside["add"] = lab.attempt("session.add(carol) after the caught error", lambda: session.add(carol))
                inside["add sent"] = adding.kinds()
                inside["carol in session"] = carol in session

        block = lab.attempt("leaving the `with session.begin():` block", the_block)
        block_sql, block_flow = sql.kinds(), sql.transaction_flow()  # what the block sent, before the query below
        carol_state = lab.fact("carol after the block", lab.state(carol))
        in_transaction = lab.fact("session.in_transaction() after the block", session.in_transaction())
        with session.no_autoflush:  # carol is still pending; keep her out of the database
            query_after = lab.attempt("a query after the block", lambda: session.scalar(select(func.count()).select_from(User)))
        lab.fact("a query after the block runs", query_after.ok)

    lab.fact("the exception the flush inside the block raised", inside.get("flush error"))
    flush_sent = lab.fact("statements the failed flush sent", inside["flush sent"])
    lab.fact("session.is_active after the failed flush", inside["active"])
    add = inside["add"]
    lab.fact("session.add(carol) after the caught error raised nothing", add.ok)
    lab.fact("statements session.add(carol) sent, and whether carol is in the session",
             [inside["add sent"], inside["carol in session"]])
    flow = lab.fact("transaction control of the block, in order", block_flow)
    lab.fact("statements the block sent, in order", block_sql)
    lab.fact("INSERTs sent with carol's email", sum("carol@example.com" in s.values for s in sql.of_kind("INSERT")))
    committed = lab.fact("emails another connection sees afterwards", committed_emails(lab))

    # What raises PendingRollbackError in the failed transaction inside the block: flushes and commits.
    with Session(lab.engine) as session:
        with session.begin():
            session.add(User(email="ada@example.com"))
            lab.attempt("the flush of the duplicate (again)", session.flush)
            lab.attempt("a query in the failed transaction, nothing pending", lambda: session.execute(select(1)))
            session.add(User(email="bob@example.com"))
            refused = [
                lab.attempt("a flush of a new object in the failed transaction", session.flush),
                lab.attempt("commit() in the failed transaction", session.commit),
            ]
            session.expunge_all()  # nothing left to discard when the block closes
    lab.fact("a flush and commit() in the failed transaction raise PendingRollbackError",
             [attempt.raised(exc.PendingRollbackError) for attempt in refused])

    # The remedy: a SAVEPOINT around the risky part.
    with Session(lab.engine) as session:
        with session.begin():
            try:
                with session.begin_nested():
                    session.add(User(email="ada@example.com"))
            except exc.IntegrityError:
                pass
            session.add(User(email="carol@example.com"))
    lab.fact("emails another connection sees after the begin_nested() variant", committed_emails(lab))

    return {
        "A": add.raised(exc.PendingRollbackError),
        "B": block.ok,
        "C": "carol@example.com" in committed,
        "D": flow == ["BEGIN", "ROLLBACK"] and flush_sent[-1:] == ["ROLLBACK"],
        "E": carol_state.pending,
        "F": in_transaction,
    }


if __name__ == "__main__":
    run_alone(__file__)

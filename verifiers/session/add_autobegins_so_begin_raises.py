"""``add()`` alone begins the Session's transaction, so a following ``session.begin()`` raises."""

from sqlalchemy import String, exc, func, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Book(Base):
    __tablename__ = "book"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(100))


def begin_block(session: Session) -> None:
    """The question's ``with session.begin():`` block."""
    with session.begin():
        session.flush()


def first_sentence(message: str) -> str:
    return message.split(" (Background")[0]


def committed_books(lab: Lab) -> int:
    with lab.other_connection() as other:
        return other.scalar(select(func.count()).select_from(Book))


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)

    with lab.capture() as sql, Session(lab.engine) as session:
        with lab.capture() as adding:
            session.add(Book(title="Dune"))
        lab.fact("statements sent by add()", adding.kinds())
        in_transaction = lab.fact("session.in_transaction() after add()", session.in_transaction())
        lab.fact("connections checked out of the pool after add()", lab.engine.pool.checkedout())
        with lab.capture() as beginning:
            after_add = lab.attempt("`with session.begin():` after add()", lambda: begin_block(session))
        lab.fact("the message begin() raises with (after add())", first_sentence(after_add.message))
        lab.fact("statements sent by the begin() attempt", beginning.kinds())

    lab.fact("statements the first session sent", sql.kinds())
    lab.fact("COMMITs the first session sent", sql.count("COMMIT"))
    flow = lab.fact("transaction control in the first session, in order", sql.transaction_flow())
    committed = lab.fact("books another connection counts afterwards", committed_books(lab))

    with Session(lab.engine) as session:
        with lab.capture() as querying:
            session.execute(select(1))
        lab.fact("statements execute(select(1)) sent", querying.kinds())
        lab.fact("session.in_transaction() after execute(select(1))", session.in_transaction())
        lab.fact("connections checked out of the pool after execute(select(1))", lab.engine.pool.checkedout())
        after_query = lab.attempt("`with session.begin():` after execute(select(1))", lambda: begin_block(session))

    return {
        "A": adding.count("BEGIN") > 0,
        "B": in_transaction,
        "C": after_add.raised(exc.InvalidRequestError) and beginning.count() == 0,
        "D": after_add.ok and committed == 1,
        "E": "COMMIT" in flow or committed == 1,
        "F": after_query.raised(exc.InvalidRequestError),
    }


if __name__ == "__main__":
    run_alone(__file__)

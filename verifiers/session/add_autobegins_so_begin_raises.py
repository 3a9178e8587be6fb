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


def begin_block_error(lab: Lab, session: Session, label: str) -> str | None:
    """The qualified class name of what the question's ``with session.begin():`` block raises, or None."""
    try:
        with session.begin():
            session.flush()
    except exc.SQLAlchemyError as error:
        lab.fact(f"the message begin() raises with ({label})", str(error).split(" (Background")[0])
        return f"{type(error).__module__}.{type(error).__qualname__}"
    return None


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
        with lab.capture() as beginning:
            after_add = lab.fact("`with session.begin():` after add() raises", begin_block_error(lab, session, "after add()"))
        lab.fact("statements sent by the begin() attempt", beginning.kinds())

    flow = lab.fact("transaction control in the first session, in order", sql.transaction_flow())
    committed = lab.fact("books another connection counts afterwards", committed_books(lab))

    with Session(lab.engine) as session:
        session.execute(select(1))
        after_query = lab.fact(
            "`with session.begin():` after execute(select(1)) raises",
            begin_block_error(lab, session, "after execute()"),
        )

    return {
        "A": in_transaction,
        "B": adding.count("BEGIN") > 0,
        "C": after_add == "sqlalchemy.exc.InvalidRequestError" and beginning.count() == 0,
        "D": after_add is None and committed == 1,
        "E": "COMMIT" in flow or committed == 1,
        "F": after_query == "sqlalchemy.exc.InvalidRequestError",
    }


if __name__ == "__main__":
    run_alone(__file__)

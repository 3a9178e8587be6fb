"""An IntegrityError inside `with session.begin_nested():` rolls back only the savepoint; the outer transaction goes on."""

from sqlalchemy import String, select
from sqlalchemy.exc import IntegrityError, PendingRollbackError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Book(Base):
    __tablename__ = "book"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    title: Mapped[str] = mapped_column(String(50))


def committed_ids(lab: Lab) -> list[int]:
    with lab.other_connection() as other:
        return list(other.scalars(select(Book.id).order_by(Book.id)))


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)
    with lab.setup(), Session(lab.engine) as setup:
        setup.add(Book(id=1, title="Dune"))
        setup.commit()

    # The question's code.
    with Session(lab.engine) as session:
        session.add(Book(id=2, title="Kept"))
        duplicate = Book(id=1, title="Duplicate")
        adding = None
        add_sent: list[str] = []

        def nested_block() -> None:
            nonlocal adding
            with session.begin_nested():
                with lab.capture() as add_window:
                    adding = lab.attempt("session.add(duplicate) inside the block", lambda: session.add(duplicate))
                add_sent.extend(add_window.kinds())

        with lab.capture() as block:
            nested = lab.attempt("the with session.begin_nested() block", nested_block)
        lab.fact("statements the block sent", block.kinds())
        lab.fact("statements session.add(duplicate) sent", add_sent)
        lab.fact("in_nested_transaction(), in_transaction(), is_active after the block",
                 [session.in_nested_transaction(), session.in_transaction(), session.is_active])
        duplicate_state = lab.fact("state of the duplicate after the block", lab.state(duplicate).status)

        with lab.capture() as later:
            query = lab.attempt("a query after the block", lambda: session.scalar(select(Book.title).where(Book.id == 2)))
            session.add(Book(id=3, title="Later"))
            commit = lab.attempt("session.commit()", session.commit)
        lab.fact("statements sent after the block", later.kinds())
    ids = lab.fact("book ids another connection finds after commit", committed_ids(lab))

    return {
        "A": nested.ok,
        "B": query.raised(PendingRollbackError),
        "C": nested.raised(IntegrityError) and commit.ok and ids == [1, 2, 3],
        "D": commit.ok and 2 not in ids,
        "E": adding is not None and adding.raised(IntegrityError),
        "F": duplicate_state == "pending" and commit.raised(IntegrityError),
    }


if __name__ == "__main__":
    run_alone(__file__)

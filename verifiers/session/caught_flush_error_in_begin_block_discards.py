"""A flush error caught inside ``with session.begin():`` silently ends the block without a COMMIT."""

from sqlalchemy import String, exc, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "app_user"
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(100), unique=True)


def exception_name(action) -> str | None:
    """The qualified class name of what ``action()`` raises, or None if it runs."""
    try:
        action()
    except exc.SQLAlchemyError as error:
        return f"{type(error).__module__}.{type(error).__qualname__}"
    return None


def committed_emails(lab: Lab) -> set[str]:
    with lab.other_connection() as other:
        return set(other.scalars(select(User.email)))


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)
    with Session(lab.engine) as setup:
        setup.add(User(email="ada@example.com"))
        setup.commit()

    block_error = None
    with lab.capture() as sql, Session(lab.engine) as session:
        try:
            with session.begin():
                session.add(User(email="ada@example.com"))  # duplicate unique value
                lab.fact("the flush inside the block raises", exception_name(session.flush))
                carol = User(email="carol@example.com")
                add_error = lab.fact("session.add(carol) after the caught error raises", exception_name(lambda: session.add(carol)))
        except Exception as error:  # whatever leaving the block raises is the observation
            block_error = f"{type(error).__module__}.{type(error).__qualname__}"
        lab.fact("leaving the `with session.begin():` block raises", block_error)
        carol_state = lab.fact("carol after the block", lab.state(carol))
        in_transaction = lab.fact("session.in_transaction() after the block", session.in_transaction())

    flow = lab.fact("transaction control, in order", sql.transaction_flow())
    lab.fact("statements sent, in order", sql.kinds())
    committed = lab.fact("emails another connection sees afterwards", committed_emails(lab))

    return {
        "A": add_error == "sqlalchemy.exc.PendingRollbackError",
        "B": block_error is None,
        "C": "carol@example.com" in committed,
        "D": "COMMIT" not in flow and flow[-1:] == ["ROLLBACK"],
        "E": carol_state.pending,
        "F": in_transaction,
    }


if __name__ == "__main__":
    run_alone(__file__)

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


def exception_name(action) -> str | None:
    """The qualified class name of what ``action()`` raises, or None if it runs."""
    try:
        action()
    except exc.SQLAlchemyError as error:
        return f"{type(error).__module__}.{type(error).__qualname__}"
    return None


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
        session.flush()  # succeeds: bob's INSERT is sent
        lab.fact("bob after the first flush", lab.state(bob))

        session.add(User(email="ada@example.com"))  # duplicate unique value
        flush_error = lab.fact("the second flush raises", exception_name(session.flush))

        with lab.capture() as next_query:
            query_error = lab.fact("the next query raises", exception_name(lambda: count_users(session)))
        query_sent = lab.fact("statements the next query sent", next_query.count())
        lab.fact("session.is_active before rollback()", session.is_active)

        session.rollback()
        after_rollback_error = lab.fact("a query after session.rollback() raises", exception_name(lambda: count_users(session)))
        bob_state = lab.fact("bob after session.rollback()", lab.state(bob))
        session.commit()

    committed = lab.fact("emails another connection sees after commit()", committed_emails(lab))

    return {
        "A": flush_error == "sqlalchemy.exc.IntegrityError",
        "B": query_error == "sqlalchemy.exc.PendingRollbackError" and query_sent == 0,
        "C": query_error is None,
        "D": query_error == "sqlalchemy.exc.IntegrityError",
        "E": after_rollback_error is None and bob_state.transient,
        "F": "bob@example.com" in committed,
    }


if __name__ == "__main__":
    run_alone(__file__)

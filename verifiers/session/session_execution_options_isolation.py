"""In 2.1, Session(execution_options={"isolation_level": ...}) sets the level of every transaction; 2.0 has no such parameter."""

from sqlalchemy import select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Account(Base):
    __tablename__ = "account"
    id: Mapped[int] = mapped_column(primary_key=True)
    balance: Mapped[int]


def level(session: Session) -> str:
    return session.connection().get_isolation_level()


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        Base.metadata.create_all(lab.engine)
    default_level = {"postgresql": "READ COMMITTED", "mariadb": "REPEATABLE READ"}[lab.backend]

    levels = {}
    with lab.capture():
        made = lab.attempt("Session(engine, execution_options=...)",
                           lambda: Session(lab.engine, execution_options={"isolation_level": "SERIALIZABLE"}))
        if made.ok:
            with made.value as session:
                session.add(Account(balance=100))
                session.flush()                                  # the first transaction begins with a flush
                levels["flush"] = level(session)
                session.rollback()
                query = lab.attempt("a query after rollback()", lambda: session.scalars(select(Account)).all())
                levels["after rollback"] = level(session)
                session.commit()
    lab.fact("levels", levels)

    def level_from_sessionmaker() -> str:
        with sessionmaker(lab.engine, execution_options={"isolation_level": "SERIALIZABLE"})() as session:
            return level(session)

    from_maker = lab.attempt("a session from sessionmaker(engine, execution_options=...)", level_from_sessionmaker)
    lab.fact("a session from sessionmaker(engine, execution_options=...) runs at SERIALIZABLE",
             from_maker.ok and from_maker.value == "SERIALIZABLE")

    return {
        "A": made.raised(TypeError, match="execution_options"),
        "B": levels.get("flush") == "SERIALIZABLE",
        "C": levels.get("after rollback") == "SERIALIZABLE",
        "D": made.ok and levels.get("flush") == default_level,
        "E": made.ok and levels.get("after rollback") == default_level,
    }


if __name__ == "__main__":
    run_alone(__file__)

"""session.connection(execution_options=...) sets the isolation level only before the transaction has a connection."""

import warnings

from sqlalchemy import exc, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Account(Base):
    __tablename__ = "account"
    id: Mapped[int] = mapped_column(primary_key=True)
    balance: Mapped[int]


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        Base.metadata.create_all(lab.engine)
    default_level = {"postgresql": "READ COMMITTED", "mariadb": "REPEATABLE READ"}[lab.backend]

    with lab.capture():
        with Session(lab.engine) as session:
            session.scalars(select(Account)).all()       # the transaction now holds a connection
            held = session.connection()
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                late = lab.attempt("(1) session.connection(execution_options=...) after a query", lambda: session.connection(
                    execution_options={"isolation_level": "SERIALIZABLE"}))
            level_1 = late.value.get_isolation_level() if late.ok else None
            lab.fact("(1) returned the connection the session already held", late.ok and late.value is held)
            session.commit()
            level_2 = session.connection().get_isolation_level()
            session.commit()

        with Session(lab.engine) as session:
            early = session.connection(execution_options={"isolation_level": "SERIALIZABLE"})   # (2)
            level_3 = early.get_isolation_level()
            session.scalars(select(Account)).all()
            session.commit()

        with Session(lab.engine) as session:
            level_4 = session.connection().get_isolation_level()
            session.commit()

    messages = lab.fact("SAWarnings from (1)", [str(w.message) for w in caught if issubclass(w.category, exc.SAWarning)])
    lab.fact("level_1, level_2, level_3, level_4", [level_1, level_2, level_3, level_4])
    warned = any("execution_options ignored" in m for m in messages)

    return {
        "A": level_1 == "SERIALIZABLE",
        "B": late.raised(exc.InvalidRequestError),
        "C": late.ok and warned and level_1 == default_level and level_3 == "SERIALIZABLE" and level_4 == default_level,
        "D": level_4 == "SERIALIZABLE",
        "E": level_2 == "SERIALIZABLE",
    }


if __name__ == "__main__":
    run_alone(__file__)

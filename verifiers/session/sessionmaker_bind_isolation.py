"""A sessionmaker bound to engine.execution_options(isolation_level=...) runs every transaction at that level."""

from sqlalchemy import String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Account(Base):
    __tablename__ = "account"
    id: Mapped[int] = mapped_column(primary_key=True)
    owner: Mapped[str] = mapped_column(String(50))


def level_and_dbapi_connection(session: Session) -> tuple[str, object]:
    connection = session.connection()
    return connection.get_isolation_level(), connection.connection.dbapi_connection


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        Base.metadata.create_all(lab.engine)

    engine = lab.engine
    with lab.capture():
        serializable = engine.execution_options(isolation_level="SERIALIZABLE")
        SerialSession = sessionmaker(bind=serializable)
        PlainSession = sessionmaker(bind=engine)

        with SerialSession() as session:
            session.add(Account(owner="ada"))
            session.flush()
            first, serial_dbapi = level_and_dbapi_connection(session)
            session.commit()
            checked_out = engine.pool.checkedout()
            session.scalars(select(Account)).all()          # a second transaction
            checked_out_again = engine.pool.checkedout()
            second, _ = level_and_dbapi_connection(session)
            session.commit()

        with PlainSession() as session:
            session.scalars(select(Account)).all()
            plain, plain_dbapi = level_and_dbapi_connection(session)
            session.commit()

    lab.fact("levels: SerialSession 1st and 2nd transaction, PlainSession", [first, second, plain])
    lab.fact("type of the copy", type(serializable).__name__)
    lab.fact("connections checked out: after the first commit(), then in the second transaction",
             [checked_out, checked_out_again])
    lab.fact("engine.get_execution_options() after the call", dict(engine.get_execution_options()))
    same_pool = lab.fact("serializable.pool is engine.pool", serializable.pool is engine.pool)
    same_dbapi = lab.fact("both sessions used the same DBAPI connection", serial_dbapi is plain_dbapi)
    default_level = {"postgresql": "READ COMMITTED", "mariadb": "REPEATABLE READ"}[lab.backend]

    return {
        "A": first == second == "SERIALIZABLE",
        "B": plain == "SERIALIZABLE",
        "C": plain == default_level,
        "D": same_pool and same_dbapi and plain == default_level,
        "E": first != "SERIALIZABLE",
    }


if __name__ == "__main__":
    run_alone(__file__)

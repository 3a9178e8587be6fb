"""MySQL dialects connect with CLIENT.FOUND_ROWS, so an UPDATE writing the current value still counts 1 row."""

from pymysql.constants import CLIENT
from sqlalchemy import String, update
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column
from sqlalchemy.orm.exc import StaleDataError

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "app_user"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    name: Mapped[str] = mapped_column(String(50))


def rewrite_same_name(session: Session) -> None:
    """The question's code up to the flush: reassign the value the row already has to an expired attribute."""
    user = session.get(User, 1)
    session.expire(user, ["name"])
    user.name = "ada"


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        Base.metadata.create_all(lab.engine)
        with Session(lab.engine) as setup:
            setup.add(User(id=1, name="ada"))
            setup.commit()

    with Session(lab.engine) as session:
        rewrite_same_name(session)
        with lab.capture() as flushed:
            flush = lab.attempt("flush of name = 'ada' (the stored value)", session.flush)
        lab.fact("statements the flush sent", flushed.kinds())
        session.rollback()

    # The same statement through SQLAlchemy's connection, and through one opened without FOUND_ROWS.
    no_found_rows = lab.make_engine(connect_args={"client_flag": 0})
    same_value = update(User).where(User.id == 1).values(name="ada")
    with lab.engine.connect() as conn:
        flags = conn.connection.dbapi_connection.client_flag
        found_rows = lab.fact("FOUND_ROWS is set in the dialect's client_flag", bool(flags & CLIENT.FOUND_ROWS))
        rowcount = lab.fact("Result.rowcount of the same-value UPDATE", conn.execute(same_value).rowcount)
        lab.fact("dialect.supports_sane_rowcount", lab.engine.dialect.supports_sane_rowcount)
        conn.rollback()
    with no_found_rows.connect() as conn:
        flags = conn.connection.dbapi_connection.client_flag
        lab.fact("FOUND_ROWS is set without the dialect's flag", bool(flags & CLIENT.FOUND_ROWS))
        cursor = conn.connection.dbapi_connection.cursor()
        cursor.execute("UPDATE app_user SET name = 'ada' WHERE id = 1")
        raw_rowcount = lab.fact("cursor.rowcount without FOUND_ROWS", cursor.rowcount)
        cursor.close()
        conn.rollback()
    with Session(no_found_rows) as session:
        rewrite_same_name(session)
        unflagged = lab.attempt("the same flush without FOUND_ROWS", session.flush)
        session.rollback()

    return {
        "A": flushed.count("UPDATE") == 0,
        "B": flush.raised(StaleDataError),
        "C": flush.ok and unflagged.ok,
        "D": rowcount == -1,
        "E": flush.ok and flushed.count("UPDATE") == 1 and found_rows and rowcount == 1 and raw_rowcount == 0,
        "F": flush.ok and flushed.count("SELECT") > 0,
    }


if __name__ == "__main__":
    run_alone(__file__)

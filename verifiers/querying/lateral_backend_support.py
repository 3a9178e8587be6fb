"""A LATERAL subquery (latest address per user): PostgreSQL runs it; SQLite and MariaDB have no LATERAL."""

from sqlalchemy import ForeignKey, String, func, insert, select, true
from sqlalchemy.exc import CompileError, OperationalError, ProgrammingError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(20))


class Address(Base):
    __tablename__ = "addresses"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    email: Mapped[str] = mapped_column(String(20))


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        Base.metadata.create_all(lab.engine)
        with lab.engine.begin() as conn:
            conn.execute(insert(User), [{"id": 1, "name": "ada"}, {"id": 2, "name": "bob"}])
            conn.execute(insert(Address), [{"id": 1, "user_id": 1, "email": "a-old"}, {"id": 2, "user_id": 1, "email": "a-new"},
                                           {"id": 3, "user_id": 2, "email": "b-only"}])

    latest = (select(Address.email).where(Address.user_id == User.id)
              .order_by(Address.id.desc()).limit(1).lateral("latest"))
    stmt = select(User.name, latest.c.email).join(latest, true()).order_by(User.id)
    with Session(lab.engine) as session, lab.capture() as sent:
        result = lab.attempt("the LATERAL query", lambda: [tuple(r) for r in session.execute(stmt)])
        session.rollback()
    rendered = lab.fact("the statement has JOIN LATERAL", "JOIN LATERAL" in " ".join(sent.of_kind("SELECT")[0].sql.split()).upper())
    pg = lab.backend == "postgresql"
    syntax_error = {"sqlite": result.raised(OperationalError, match="syntax error"),
                    "mariadb": result.raised(ProgrammingError, match="error in your SQL syntax"),
                    "postgresql": result.raised(ProgrammingError, match="syntax error")}[lab.backend]
    two_rows = result.ok and result.value == [("ada", "a-new"), ("bob", "b-only")]

    # The portable form: number each user's addresses, newest first, and keep number 1.
    numbered = select(Address.user_id, Address.email, func.row_number().over(
        partition_by=Address.user_id, order_by=Address.id.desc()).label("n")).subquery()
    portable = select(User.name, numbered.c.email).join(numbered, numbered.c.user_id == User.id).where(
        numbered.c.n == 1).order_by(User.id)
    with Session(lab.engine) as session:
        lab.fact("the row_number() form", [tuple(r) for r in session.execute(portable)])

    # Each option states every backend's part; a run decides the part for its own backend.
    return {
        "A": result.ok and len(result.value) == 3 if pg else result.raised(CompileError),
        "B": not rendered and two_rows,
        "C": rendered and (two_rows if pg else syntax_error),
        "D": rendered and (syntax_error if pg else two_rows),
    }


if __name__ == "__main__":
    run_alone(__file__)

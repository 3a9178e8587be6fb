"""A scalar subquery that finds two rows: SQLite takes the first, PostgreSQL and MariaDB refuse."""

from sqlalchemy import ForeignKey, String, func, insert, select
from sqlalchemy.exc import OperationalError, ProgrammingError
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
    email: Mapped[str] = mapped_column(String(50))


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        Base.metadata.create_all(lab.engine)
        with lab.engine.begin() as conn:
            conn.execute(insert(User).values(id=1, name="ada"))
            conn.execute(insert(Address), [{"id": 1, "user_id": 1, "email": "a@x"}, {"id": 2, "user_id": 1, "email": "b@x"}])

    email = select(Address.email).where(Address.user_id == User.id).scalar_subquery()
    with Session(lab.engine) as session, lab.capture() as sent:
        result = lab.attempt("select(User.name, email)", lambda: session.execute(select(User.name, email)).all())
    lab.fact("the statement as sent limits or counts the subquery's rows",
             any(s.mentions("LIMIT") or s.mentions("count") for s in sent.of_kind("SELECT")))
    single = select(func.min(Address.email)).where(Address.user_id == User.id).scalar_subquery()
    with Session(lab.engine) as session:
        lab.fact("rows with func.min(Address.email) as the subquery", [tuple(r) for r in session.execute(select(User.name, single))])
    lab.fact("error class and message start", f"{result.error_class}: {result.message[:80]}" if not result.ok else None)
    sqlite = lab.backend == "sqlite"
    lab.fact("the outcome is as the text says for this backend", {
        "sqlite": result.ok,
        "postgresql": result.raised(ProgrammingError, match="CardinalityViolation"),
        "mariadb": result.raised(OperationalError, match="1242"),
    }[lab.backend])
    got_one_row = result.ok and len(result.value) == 1 and result.value[0][1] in ("a@x", "b@x")

    # Each option states every backend's part; a run decides the part for its own backend.
    return {
        "A": got_one_row if sqlite else not result.ok and ("more than one row" in result.message.lower()
                                                            or "more than 1 row" in result.message.lower()),
        "B": result.ok and len(result.value) == 2,
        "C": not result.ok if sqlite else result.ok,
        "D": result.ok and len(result.value) == 1 and result.value[0][1] is None,
    }


if __name__ == "__main__":
    run_alone(__file__)

"""SELECT DISTINCT ordered by a column it does not select: PostgreSQL refuses; SQLite and MariaDB run it."""

from sqlalchemy import ForeignKey, String, insert, select
from sqlalchemy.exc import ProgrammingError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(20))
    addresses: Mapped[list["Address"]] = relationship()


class Address(Base):
    __tablename__ = "addresses"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    email: Mapped[str] = mapped_column(String(20))


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        Base.metadata.create_all(lab.engine)
        with lab.engine.begin() as conn:
            conn.execute(insert(User), [{"id": i, "name": f"u{i}"} for i in (1, 2, 3)])
            conn.execute(insert(Address), [{"id": i, "user_id": (i + 1) // 2, "email": f"e{7 - i}"} for i in range(1, 7)])

    stmt = select(User).join(User.addresses).distinct().order_by(Address.email)
    with Session(lab.engine) as session, lab.capture() as sent:
        result = lab.attempt("select(User).join(...).distinct().order_by(Address.email)",
                             lambda: session.scalars(stmt).all())
        session.rollback()
    statement = sent.of_kind("SELECT")[0]
    select_list = " ".join(statement.sql.split()).split(" FROM ")[0]
    adds_email = lab.fact("the SELECT list names email", "email" in select_list)
    users = len(set(result.value)) if result.ok else None
    lab.fact("distinct users returned", users)
    pg = lab.backend == "postgresql"
    # The legacy Query: what it sends (where the statement fails, the SQL is still captured).
    with Session(lab.engine) as session, lab.capture() as legacy_sent:
        lab.attempt("session.query(User).join(...).distinct().order_by(Address.email)",
                    lambda: session.query(User).join(User.addresses).distinct().order_by(Address.email).all())
        session.rollback()
    legacy_select = legacy_sent.of_kind("SELECT")[0]
    legacy_adds_email = "email" in " ".join(legacy_select.sql.split()).split(" FROM ")[0]
    lab.fact("legacy Query: the SELECT list names email", legacy_adds_email)

    # Each option states every backend's part; a run decides the part for its own backend.
    return {
        "A": not adds_email and (result.raised(ProgrammingError, match="ORDER BY expressions must appear in select list")
                                 if pg else users == 3 and len(result.value) == 3),
        "B": adds_email,
        "C": result.ok if pg else not result.ok,
        "D": result.ok and len(result.value) == 6,
    }


if __name__ == "__main__":
    run_alone(__file__)

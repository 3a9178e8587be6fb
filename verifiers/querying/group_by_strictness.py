"""A selected column that is neither grouped nor aggregated: PostgreSQL refuses, SQLite and MariaDB pick a value."""

from sqlalchemy import ForeignKey, String, func, insert, select
from sqlalchemy.exc import CompileError, ProgrammingError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)


class Address(Base):
    __tablename__ = "addresses"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    email: Mapped[str] = mapped_column(String(20))


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        Base.metadata.create_all(lab.engine)
        with lab.engine.begin() as conn:
            conn.execute(insert(User), [{"id": 1}, {"id": 2}])
            conn.execute(insert(Address), [{"id": 1, "user_id": 1, "email": "a1"}, {"id": 2, "user_id": 1, "email": "a2"},
                                           {"id": 3, "user_id": 2, "email": "b1"}])

    loose = select(Address.email, Address.user_id, func.count()).group_by(Address.user_id).order_by(Address.user_id)
    with Session(lab.engine) as session:
        result = lab.attempt("email neither grouped nor aggregated",
                             lambda: [tuple(r) for r in session.execute(loose)])
        session.rollback()
        strict = select(func.min(Address.email), Address.user_id, func.count()).group_by(Address.user_id).order_by(Address.user_id)
        lab.fact("with func.min(Address.email)", [tuple(r) for r in session.execute(strict)])
        both = (select(Address.email, Address.user_id, func.count()).group_by(Address.user_id, Address.email)
                .order_by(Address.user_id, Address.email))
        lab.fact("grouped by user_id and email", [tuple(r) for r in session.execute(both)])
    pg = lab.backend == "postgresql"
    if lab.backend == "mariadb":
        with lab.engine.connect() as conn:
            mode = conn.exec_driver_sql("SELECT @@sql_mode").scalar()
    lab.fact("MariaDB's sql_mode lacks ONLY_FULL_GROUP_BY (true elsewhere: not about them)",
             "ONLY_FULL_GROUP_BY" not in mode if lab.backend == "mariadb" else True)
    picked = result.ok and [r[1:] for r in result.value] == [(1, 2), (2, 1)] and result.value[0][0] in ("a1", "a2") and result.value[1][0] == "b1"

    # Each option states every backend's part; a run decides the part for its own backend.
    return {
        "A": result.ok and len(result.value) == 3 and all(r[2] == 1 for r in result.value),
        "B": result.raised(CompileError),
        "C": result.raised(ProgrammingError, match="GroupingError") if pg else picked,
        "D": picked if pg else not result.ok,
    }


if __name__ == "__main__":
    run_alone(__file__)

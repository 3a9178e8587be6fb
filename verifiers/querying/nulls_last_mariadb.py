"""nulls_last() renders NULLS LAST everywhere; MariaDB has no such syntax, and SQLAlchemy does not emulate it."""

from sqlalchemy import String, insert, select
from sqlalchemy.exc import ProgrammingError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    bio: Mapped[str | None] = mapped_column(String(20))


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        Base.metadata.create_all(lab.engine)
        with lab.engine.begin() as conn:
            conn.execute(insert(User), [{"id": 1, "bio": "b"}, {"id": 2, "bio": None}, {"id": 3, "bio": "c"}])

    with Session(lab.engine) as session, lab.capture() as sent:
        ordered = lab.attempt("order_by(User.bio.desc().nulls_last())",
                              lambda: session.scalars(select(User.id).order_by(User.bio.desc().nulls_last())).all())
    statement = sent.of_kind("SELECT")[0]
    rendered = lab.fact("the SELECT ends with ORDER BY users.bio DESC NULLS LAST",
                        " ".join(statement.sql.split()).endswith("ORDER BY users.bio DESC NULLS LAST"))
    mariadb = lab.backend == "mariadb"
    with Session(lab.engine) as session:
        portable = lab.fact("order_by(User.bio.is_(None), User.bio.desc())",
                            session.scalars(select(User.id).order_by(User.bio.is_(None), User.bio.desc())).all())

    # Each option states every backend's part; a run decides the part for its own backend.
    return {
        "A": ordered.ok and ordered.value == [3, 1, 2] and not rendered if mariadb else not ordered.ok,
        "B": not rendered and ordered.ok and ordered.value == [3, 1, 2],
        "C": rendered and (ordered.raised(ProgrammingError, match=r"\(1064, ") if mariadb
                           else ordered.ok and ordered.value == [3, 1, 2]),
        "D": ordered.ok and ordered.value == [2, 3, 1],
    }


if __name__ == "__main__":
    run_alone(__file__)

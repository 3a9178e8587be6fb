"""An ORM update() whose WHERE names a second table: UPDATE ... FROM, or MariaDB's multi-table UPDATE."""

from sqlalchemy import ForeignKey, String, insert, select, update
from sqlalchemy.exc import CompileError, OperationalError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    name: Mapped[str] = mapped_column(String(20))
    score: Mapped[int]


class Address(Base):
    __tablename__ = "addresses"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    email: Mapped[str] = mapped_column(String(50))


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        Base.metadata.create_all(lab.engine)
        with lab.engine.begin() as conn:
            conn.execute(insert(User), [{"id": i, "name": f"u{i}", "score": 0} for i in (1, 2, 3)])
            conn.execute(insert(Address), [{"id": 10 * i + j, "user_id": i, "email": f"u{i}_{j}@example.com"}
                                           for i in (1, 2, 3) for j in (0, 1)])

    with Session(lab.engine) as session:
        users = session.scalars(select(User).order_by(User.id)).all()
        with lab.capture() as sent:
            result = lab.attempt("the update()", lambda: session.execute(
                update(User)
                .where(User.id == Address.user_id)
                .where(Address.email == "u2_0@example.com")
                .values(score=999)
            ))
        with lab.capture() as reading:
            scores = [u.score for u in users]
        session.commit()
    kinds = lab.fact("statements the update() sent", sent.queries.kinds())
    updates = sent.of_kind("UPDATE")
    upd = updates[0] if updates else None
    lab.fact("the UPDATE names addresses after FROM", bool(upd) and "FROM addresses" in upd.sql)
    lab.fact("the UPDATE lists both tables before SET", bool(upd) and "UPDATE users, addresses SET" in upd.sql)
    lab.fact("the UPDATE ends in RETURNING", bool(upd) and upd.mentions("RETURNING"))
    lab.fact("scores of the loaded users afterwards", scores)
    lab.fact("statements sent reading the scores", reading.count())
    with lab.other_connection() as other:
        lab.fact("scores another connection sees", other.scalars(select(User.score).order_by(User.id)).all())

    update_from = bool(upd) and "FROM addresses" in upd.sql
    expected_shape = {
        "sqlite": kinds == ["UPDATE"] and update_from and upd.mentions("RETURNING"),
        "postgresql": kinds == ["UPDATE"] and update_from and upd.mentions("RETURNING"),
        "mariadb": kinds == ["SELECT", "UPDATE"] and "UPDATE users, addresses SET" in upd.sql,
    }[lab.backend]
    return {
        "A": bool(upd) and upd.has_subquery,
        "B": result.raised(CompileError, match="is_update_from"),
        "C": result.ok and scores[1] == 0,
        "D": result.ok and expected_shape and scores == [0, 999, 0] and reading.count() == 0,
        "E": {"sqlite": result.raised(OperationalError),
              "postgresql": kinds == ["SELECT", "UPDATE"] and update_from,
              "mariadb": kinds == ["SELECT", "UPDATE"] and update_from}[lab.backend],
    }


if __name__ == "__main__":
    run_alone(__file__)

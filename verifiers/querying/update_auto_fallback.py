"""ORM update() with synchronize_session='auto': evaluate in Python when it can, else fetch the matched ids."""

from sqlalchemy import String, func, insert, select, update
from sqlalchemy.exc import InvalidRequestError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(20))
    score: Mapped[int]


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        Base.metadata.create_all(lab.engine)
        with lab.engine.begin() as conn:
            conn.execute(insert(User), [{"id": 1, "name": "N1", "score": 0}, {"id": 2, "name": "n2", "score": 0}])

    with Session(lab.engine) as session:
        users = session.scalars(select(User).order_by(User.id)).all()
        with lab.capture() as simple:
            session.execute(update(User).where(User.id == 1).values(score=10))
        lab.fact("simple criteria: statements", simple.kinds())
        in_memory_simple = lab.fact("user 1's score in memory, without a refresh", users[0].__dict__.get("score"))

        with lab.capture() as function:
            session.execute(update(User).where(func.lower(User.name) == "n1").values(score=20))
        kinds = lab.fact("func.lower() criteria: statements", function.kinds())
        returning = lab.fact("the UPDATE has RETURNING", any(s.mentions("RETURNING") for s in function.of_kind("UPDATE")))
        in_memory_function = lab.fact("user 1's score in memory after that", users[0].__dict__.get("score"))

        with lab.capture() as explicit:
            evaluate = lab.attempt("synchronize_session='evaluate' with func.lower()", lambda: session.execute(
                update(User).where(func.lower(User.name) == "n1").values(score=30),
                execution_options={"synchronize_session": "evaluate"}))
        explicit_fetched = lab.fact("(3): statements, any RETURNING",
                                    (explicit.kinds(), any(s.mentions("RETURNING") for s in explicit.queries)))
        session.rollback()

    mariadb = lab.backend == "mariadb"
    select_ids = [s.mentions("id") and not s.mentions("score") for s in function.of_kind("SELECT")]
    fetched = (kinds == ["SELECT", "UPDATE"] and select_ids == [True] and not returning if mariadb
               else kinds == ["UPDATE"] and returning)

    return {
        "A": evaluate.ok and ("SELECT" in explicit_fetched[0] or explicit_fetched[1]),
        "B": evaluate.raised(InvalidRequestError, match="Could not evaluate"),
        "C": simple.kinds() == ["UPDATE"] and in_memory_simple == 10 and fetched,
        "D": kinds == ["UPDATE"] and not returning and in_memory_function != 20,
    }


if __name__ == "__main__":
    run_alone(__file__)

"""A scalar subquery over the same table as the outer query keeps its own FROM: it is not auto-correlated."""

from sqlalchemy import String, func, insert, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, aliased, mapped_column

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(20))
    team: Mapped[str] = mapped_column(String(10))
    score: Mapped[int]


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        Base.metadata.create_all(lab.engine)
        with lab.engine.begin() as conn:
            conn.execute(insert(User), [
                {"id": 1, "name": "u1", "team": "red", "score": 5}, {"id": 2, "name": "u2", "team": "red", "score": 7},
                {"id": 3, "name": "u3", "team": "blue", "score": 9}, {"id": 4, "name": "u4", "team": "blue", "score": 3}])

    best = select(func.max(User.score)).scalar_subquery()
    inner = aliased(User)
    best_of_team = select(func.max(inner.score)).where(inner.team == User.team).scalar_subquery()
    with Session(lab.engine) as session, lab.capture() as sent:
        overall = session.scalars(select(User.name).where(User.score == best).order_by(User.id)).all()
        per_team = session.scalars(select(User.name).where(User.score == best_of_team).order_by(User.id)).all()
    first, second = (" ".join(s.sql.split()) for s in sent.of_kind("SELECT"))
    inner_sql = first.split("(SELECT ")[1]
    lab.fact("the subquery of the first statement", inner_sql)
    inner_second = second.split("(SELECT ")[1].rsplit(" ORDER BY", 1)[0]
    lab.fact("the subquery of the second statement", inner_second)
    lab.fact("names: same-table subquery, aliased and correlated subquery", [overall, per_team])

    return {
        "A": overall == ["u3"] and "FROM users" in inner_sql,
        "B": overall == ["u1", "u2", "u3", "u4"],
        "C": per_team == ["u2", "u3"] and "FROM users AS users_1 WHERE users_1.team = users.team)" in inner_second,
        "D": per_team == ["u3"] and "FROM users AS users_1, users" in inner_second,
    }


if __name__ == "__main__":
    run_alone(__file__)

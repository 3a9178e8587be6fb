"""select(User).from_statement(text(...)): columns matched by name; missing ones load later; a missing key fails."""

from sqlalchemy import String, insert, select, text
from sqlalchemy.exc import NoSuchColumnError
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
            conn.execute(insert(User), [{"id": i, "name": f"u{i}", "score": i * 10} for i in (1, 2, 3)])

    with Session(lab.engine) as session:
        with lab.capture() as loading_sent:
            users = session.scalars(select(User).from_statement(text("SELECT id, name FROM users ORDER BY id"))).all()
        lab.fact("users loaded", [u.name for u in users])
        with lab.capture() as reading:
            score = users[0].score
        follow_up = reading.of_kind("SELECT")
        score_by_id = lab.fact("reading score: SELECTs sent, and whether it selects score by id",
                               [len(follow_up), bool(follow_up) and follow_up[0].mentions("score")
                                and follow_up[0].values == [1]])[1]
        first_sql = " ".join(loading_sent.of_kind("SELECT")[0].sql.split())
        lab.fact("the text's SELECT as sent", first_sql)
        per_object = []
        for user in users:
            with lab.capture() as one:
                user.score
            selects = one.of_kind("SELECT")
            per_object.append(len(selects) == 1 and selects[0].mentions("score") and selects[0].values == [user.id]
                              if user is not users[0] else score_by_id)
        lab.fact("reading score on each user sends one SELECT of score bound to that user's id", per_object)
    with Session(lab.engine) as session:
        no_key = lab.attempt("text('SELECT name FROM users')",
                             lambda: session.scalars(select(User).from_statement(text("SELECT name FROM users"))).all())
        renamed = lab.attempt("text('SELECT id AS uid, name FROM users')", lambda: session.scalars(
            select(User).from_statement(text("SELECT id AS uid, name FROM users"))).all())
        lab.fact("a renamed key column raises NoSuchColumnError too", renamed.raised(NoSuchColumnError))
        by_position = text("SELECT id AS uid, name AS n FROM users ORDER BY uid").columns(User.id, User.name)
        lab.fact("with .columns(User.id, User.name), matched by position",
                 [u.name for u in session.scalars(select(User).from_statement(by_position))])

    return {
        "A": len(users) == 3 and score == 10 and len(follow_up) == 1 and score_by_id
        and no_key.ok and [u.id for u in no_key.value] == [None, None, None],
        "B": len(users) == 3 and score is None and no_key.raised(NoSuchColumnError),
        "C": len(users) == 3 and score == 10 and len(follow_up) == 1 and score_by_id
        and no_key.raised(NoSuchColumnError, match="column .users.id."),
        "D": len(users) == 3 and score == 10 and len(follow_up) == 0
        and "score" in first_sql and no_key.raised(NoSuchColumnError),
    }


if __name__ == "__main__":
    run_alone(__file__)

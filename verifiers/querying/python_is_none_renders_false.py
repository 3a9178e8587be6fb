"""`column is None` is decided by Python before SQLAlchemy sees it; `== None` and `.is_(None)` render IS NULL."""

import warnings

from sqlalchemy import String, insert, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    bio: Mapped[str | None] = mapped_column(String(50))


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        Base.metadata.create_all(lab.engine)
        with lab.engine.begin() as conn:
            conn.execute(insert(User), [{"id": 1, "bio": None}, {"id": 2, "bio": "hi"}, {"id": 3, "bio": None}])

    criterion = User.bio is None  # noqa: E711 - the mistake the question is about
    lab.fact("User.bio is None, in Python", criterion)
    with Session(lab.engine) as session, lab.capture() as sent, warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        by_is = session.scalars(select(User.id).where(criterion).order_by(User.id)).all()
        by_eq = session.scalars(select(User.id).where(User.bio == None).order_by(User.id)).all()  # noqa: E711
        by_is_ = session.scalars(select(User.id).where(User.bio.is_(None)).order_by(User.id)).all()
    lab.fact("warnings", [str(w.message)[:60] for w in caught])
    is_sql, eq_sql, is__sql = sent.of_kind("SELECT")
    lab.fact("ids from where(User.bio is None)", by_is)
    is_null = lab.fact("== None and .is_(None) render IS NULL",
                       all(s.mentions("IS") and s.mentions("NULL") for s in (eq_sql, is__sql)))
    lab.fact("where(User.bio is None) mentions bio", is_sql.mentions("bio"))
    lab.fact("User.bio in ['hi'], in Python", User.bio in ["hi"])
    lab.fact("(User.bio == 'hi') and (User.id == 1), compiled",
             str((User.bio == "hi") and (User.id == 1)))  # the mistake the text warns of
    where = " ".join(is_sql.sql.split()).split(" WHERE ")[1].split(" ORDER BY ")[0]
    lab.fact("(1)'s WHERE clause is as the text says for this backend",
             where == {"sqlite": "0 = 1", "postgresql": "false", "mariadb": "false = 1"}[lab.backend])

    return {
        "A": is_sql.mentions("IS") and is_sql.mentions("NULL") and is_null and by_is == [1, 3],
        "B": criterion is False and by_is == [] and not is_sql.mentions("bio") and by_eq == [1, 3] and by_is_ == [1, 3]
        and is_null,
        "C": by_is == [1, 2, 3],
        "D": by_is == [] and bool(caught),
    }


if __name__ == "__main__":
    run_alone(__file__)

"""in_() with an empty list: allowed, matches nothing; not_in() with an empty list matches everything."""

import warnings

from sqlalchemy import String, insert, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(20))


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        Base.metadata.create_all(lab.engine)
        with lab.engine.begin() as conn:
            conn.execute(insert(User), [{"id": i, "name": f"u{i}"} for i in (1, 2, 3)])

    wanted: list[int] = []  # e.g. ids picked in a form where nothing was ticked
    with Session(lab.engine) as session, lab.capture() as sent, warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        matched = lab.attempt("where(User.id.in_([]))",
                              lambda: session.scalars(select(User.id).where(User.id.in_(wanted))).all())
        excluded = lab.attempt("where(User.id.not_in([]))",
                               lambda: session.scalars(select(User.id).where(User.id.not_in(wanted)).order_by(User.id)).all())
    lab.fact("warnings", [str(w.message)[:60] for w in caught])
    in_sql = sent.of_kind("SELECT")[0]
    lab.fact("the in_([]) statement has a bound value", in_sql.values != [])
    where = lab.fact("the in_([]) WHERE clause", " ".join(in_sql.sql.split()).split(" WHERE ")[1])
    lab.fact("the in_([]) rendering is as the text says for this backend",
             "IN (SELECT 1 FROM (SELECT 1)" in where if lab.backend == "sqlite" else where == "users.id IN (NULL) AND (1 != 1)")

    return {
        "A": matched.ok and matched.value == [] and excluded.ok and excluded.value == [1, 2, 3]
        and any("empty" in str(w.message).lower() for w in caught),
        "B": not matched.ok and not excluded.ok and "IN ()" in in_sql.sql,
        "C": matched.ok and matched.value == [1, 2, 3] and excluded.ok and excluded.value == [1, 2, 3],
        "D": matched.ok and matched.value == [] and excluded.ok and excluded.value == [1, 2, 3] and caught == [],
    }


if __name__ == "__main__":
    run_alone(__file__)

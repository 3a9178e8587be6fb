"""fetch() renders FETCH FIRST ... ROWS ONLY / WITH TIES; the servers run it, SQLite has no such syntax."""

from sqlalchemy import insert, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Score(Base):
    __tablename__ = "score"
    id: Mapped[int] = mapped_column(primary_key=True)
    points: Mapped[int]


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        Base.metadata.create_all(lab.engine)
        with lab.engine.begin() as conn:
            conn.execute(insert(Score), [{"id": 1, "points": 90}, {"id": 2, "points": 80},
                                         {"id": 3, "points": 80}, {"id": 4, "points": 70}])

    top = select(Score.id).order_by(Score.points.desc(), Score.id)
    ties = select(Score.id).order_by(Score.points.desc())
    with Session(lab.engine) as session, lab.capture() as sent:
        plain = lab.attempt("fetch(2)", lambda: session.scalars(top.fetch(2)).all())
        session.rollback()
        tied = lab.attempt("fetch(2, with_ties=True)", lambda: sorted(session.scalars(ties.fetch(2, with_ties=True)).all()))
        session.rollback()
    texts = [" ".join(s.sql.split()).upper() for s in sent.of_kind("SELECT")]
    rendered = lab.fact("FETCH FIRST ... ONLY and ... WITH TIES rendered",
                        len(texts) == 2 and "FETCH FIRST" in texts[0] and "ROWS ONLY" in texts[0]
                        and "FETCH FIRST" in texts[1] and "ROWS WITH TIES" in texts[1])
    sqlite = lab.backend == "sqlite"

    # Each option states every backend's part; a run decides the part for its own backend.
    return {
        "A": not any("FETCH" in t for t in texts) and all("LIMIT" in t for t in texts)
        and plain.ok and tied.ok and tied.value == [1, 2],
        "B": rendered and (all(r.raised(OperationalError, match='near "FETCH": syntax error') for r in (plain, tied))
                           if sqlite else plain.value == [1, 2] and tied.value == [1, 2, 3]),
        "C": tied.ok and tied.value == [1, 2],
        "D": plain.ok and tied.ok if sqlite else not plain.ok and not tied.ok,
    }


if __name__ == "__main__":
    run_alone(__file__)

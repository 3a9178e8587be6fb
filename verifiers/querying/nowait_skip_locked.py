"""A row locked by one session: NOWAIT fails at once in another, SKIP LOCKED passes it over, a plain SELECT reads it."""

from sqlalchemy import String, insert, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Job(Base):
    __tablename__ = "job"
    id: Mapped[int] = mapped_column(primary_key=True)
    state: Mapped[str] = mapped_column(String(10))


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        Base.metadata.create_all(lab.engine)
        with lab.engine.begin() as conn:
            conn.execute(insert(Job), [{"id": i, "state": "queued"} for i in (1, 2, 3, 4)])

    worker_2_engine = lab.make_engine()
    with Session(lab.engine) as worker_1, Session(worker_2_engine) as worker_2:
        worker_1.scalars(select(Job).where(Job.id == 1).with_for_update()).all()     # worker 1 holds job 1
        with lab.capture():
            nowait = lab.attempt("worker 2: with_for_update(nowait=True) on job 1",
                                 lambda: worker_2.scalars(select(Job).where(Job.id == 1).with_for_update(nowait=True)).all())
            worker_2.rollback()
            skipped = lab.attempt("worker 2: with_for_update(skip_locked=True) on all jobs",
                                  lambda: sorted(j.id for j in worker_2.scalars(select(Job).with_for_update(skip_locked=True))))
            worker_2.rollback()
            plain = lab.attempt("worker 2: a plain SELECT of all jobs",
                                lambda: sorted(j.id for j in worker_2.scalars(select(Job))))
        worker_2.rollback()
        worker_1.rollback()

    lab.fact("NOWAIT's error is as the text says for this backend",
             "LockNotAvailable" in nowait.message if lab.backend == "postgresql" else "1205" in nowait.message)

    return {
        "A": nowait.raised(OperationalError) and skipped.ok and skipped.value == [2, 3, 4]
        and plain.ok and plain.value == [1, 2, 3, 4],
        "B": nowait.ok,
        "C": skipped.ok and skipped.value == [1, 2, 3, 4],
        "D": not plain.ok,
    }


if __name__ == "__main__":
    run_alone(__file__)

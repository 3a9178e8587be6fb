"""A row locked by one session: NOWAIT fails at once in another, SKIP LOCKED passes it over, a plain SELECT reads it."""

import time

from sqlalchemy import String, event, insert, select
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

    @event.listens_for(worker_2_engine, "connect")
    def wait_at_most_3_seconds(dbapi_connection, _record):  # so that a statement that waits fails instead of hanging
        cursor = dbapi_connection.cursor()
        cursor.execute("SET lock_timeout = '3s'" if lab.backend == "postgresql"
                       else "SET SESSION innodb_lock_wait_timeout = 3")
        cursor.close()

    def timed(label, call):
        started = time.monotonic()
        outcome = lab.attempt(label, call)
        return outcome, time.monotonic() - started

    with Session(lab.engine) as worker_1, Session(worker_2_engine) as worker_2:
        worker_1.scalars(select(Job).where(Job.id == 1).with_for_update()).all()     # worker 1 holds job 1
        with lab.capture():
            nowait, nowait_seconds = timed("worker 2: with_for_update(nowait=True) on job 1", lambda: worker_2.scalars(
                select(Job).where(Job.id == 1).with_for_update(nowait=True)).all())
            worker_2.rollback()
            skipped = lab.attempt("worker 2: with_for_update(skip_locked=True) on all jobs",
                                  lambda: sorted(j.id for j in worker_2.scalars(select(Job).with_for_update(skip_locked=True))))
            worker_2.rollback()
            plain, plain_seconds = timed("worker 2: a plain SELECT of all jobs",
                                         lambda: sorted(j.id for j in worker_2.scalars(select(Job))))
        worker_2.rollback()
        worker_1.rollback()

    lab.fact("NOWAIT's error is as the text says for this backend",
             "LockNotAvailable" in nowait.message if lab.backend == "postgresql" else "1205" in nowait.message)

    # "At once": well under the 3 seconds worker 2 would wait for a lock before failing.
    nowait_at_once = lab.fact("(1) failed within a second", nowait.raised(OperationalError) and nowait_seconds < 1)
    plain_at_once = lab.fact("(3) returned within a second", plain.ok and plain_seconds < 1)
    skipped_right = skipped.ok and skipped.value == [2, 3, 4]
    all_four = plain.ok and plain.value == [1, 2, 3, 4]

    return {
        "A": nowait_at_once and skipped_right and all_four and plain_at_once,
        "B": (nowait.ok or nowait_seconds >= 3) and skipped_right and all_four and plain_at_once,
        "C": nowait_at_once and skipped.ok and skipped.value == [1, 2, 3, 4] and all_four and plain_at_once,
        "D": nowait_at_once and skipped_right and not plain_at_once,
    }


if __name__ == "__main__":
    run_alone(__file__)

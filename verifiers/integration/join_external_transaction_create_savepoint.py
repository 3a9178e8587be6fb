"""join_transaction_mode="create_savepoint": the test's commit and rollback act on savepoints of the fixture's transaction."""

from sqlalchemy import String, func, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Note(Base):
    __tablename__ = "note"
    id: Mapped[int] = mapped_column(primary_key=True)
    body: Mapped[str] = mapped_column(String(30))


def count_from(conn) -> int:
    return conn.scalar(select(func.count()).select_from(Note))


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        Base.metadata.create_all(lab.engine)

    with lab.capture() as sent:
        with lab.engine.connect() as conn:
            outer = conn.begin()                                   # the fixture
            with Session(bind=conn, join_transaction_mode="create_savepoint") as session:
                session.add(Note(id=1, body="kept"))
                session.commit()                                   # the test commits
                session.add(Note(id=2, body="dropped"))
                session.flush()
                session.rollback()                                 # ... and rolls back
                seen_inside = lab.fact("rows the test's connection counts", count_from(conn))
                with lab.other_connection() as other:
                    seen_outside = lab.fact("rows another connection counts meanwhile", count_from(other))
            outer.rollback()                                       # the fixture ends
    with lab.other_connection() as other:
        after = lab.fact("rows after the fixture's rollback", count_from(other))
    kinds = lab.fact("transaction statements sent on the test's connection",
                     [s.kind for s in sent if s.is_transaction_control and s.connection.startswith("main")])

    return {
        "A": "COMMIT" in kinds,
        "B": after == 1,
        "C": "RELEASE SAVEPOINT" in kinds and "ROLLBACK TO SAVEPOINT" in kinds and seen_inside == 1
             and seen_outside == 0 and after == 0,
        "D": seen_inside == 0,
    }


if __name__ == "__main__":
    run_alone(__file__)

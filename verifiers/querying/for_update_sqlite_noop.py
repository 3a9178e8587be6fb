"""with_for_update() on three databases: FOR UPDATE on the servers, nothing at all on SQLite."""

import warnings

from sqlalchemy import String, insert, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Account(Base):
    __tablename__ = "account"
    id: Mapped[int] = mapped_column(primary_key=True)
    owner: Mapped[str] = mapped_column(String(20))


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        Base.metadata.create_all(lab.engine)
        with lab.engine.begin() as conn:
            conn.execute(insert(Account).values(id=1, owner="ada"))

    variants = {
        "with_for_update()": select(Account).with_for_update(),
        "with_for_update(nowait=True)": select(Account).with_for_update(nowait=True),
        "with_for_update(skip_locked=True)": select(Account).with_for_update(skip_locked=True),
    }
    with Session(lab.engine) as session, lab.capture() as sent, warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for statement in variants.values():
            session.scalars(statement).all()
        session.rollback()
    selects = sent.of_kind("SELECT")
    rendered = lab.fact("the locking clause each variant rendered", [
        " ".join(s.sql.split()).upper().partition("FROM ACCOUNT")[2].strip() for s in selects])
    lab.fact("warnings", [str(w.message)[:60] for w in caught])

    sqlite = lab.backend == "sqlite"
    # Each option states every backend's part; a run decides the part for its own backend.
    return {
        "A": any("FOR UPDATE" in r for r in rendered) if sqlite
        else rendered == ["FOR UPDATE", "FOR UPDATE", "FOR UPDATE"],
        "B": rendered == ["", "", ""] and caught == [] if sqlite
        else rendered == ["FOR UPDATE", "FOR UPDATE NOWAIT", "FOR UPDATE SKIP LOCKED"] and caught == [],
        "C": rendered[0] == "FOR UPDATE" and bool(caught),
        "D": rendered == ["FOR UPDATE", "FOR UPDATE", "FOR UPDATE"],
    }


if __name__ == "__main__":
    run_alone(__file__)

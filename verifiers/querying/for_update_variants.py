"""with_for_update(read=True) and of=...: each server's own spelling, and an OF clause MariaDB drops."""

from sqlalchemy import ForeignKey, String, insert, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(20))


class Address(Base):
    __tablename__ = "addresses"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))


def locking_clause(sql: str) -> str:
    text = " ".join(sql.split()).upper()
    return text[text.index("FOR ") if "FOR " in text else text.index("LOCK "):]


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        Base.metadata.create_all(lab.engine)
        with lab.engine.begin() as conn:
            conn.execute(insert(User).values(id=1, name="ada"))
            conn.execute(insert(Address).values(id=1, user_id=1))

    joined = select(User.name, Address.id).join(Address, Address.user_id == User.id)
    with Session(lab.engine) as session, lab.capture() as sent:
        session.execute(select(User).with_for_update(read=True)).all()
        session.execute(joined.with_for_update(of=User)).all()
        with lab.other_connection() as other:  # while (2)'s locks are held: is the joined address row locked?
            probe = lab.attempt("another connection locks address 1 with NOWAIT", lambda: other.execute(
                select(Address.id).where(Address.id == 1).with_for_update(nowait=True)).all())
            other.rollback()
        session.rollback()
    shared, of_users = (locking_clause(s.sql) for s in sent.of_kind("SELECT").on("main#1")[:2])
    lab.fact("read=True rendered as", shared)
    lab.fact("of=User rendered as", of_users)
    pg = lab.backend == "postgresql"
    lab.fact("the joined address row stayed unlocked on PostgreSQL and was locked on MariaDB",
             probe.ok if pg else probe.raised(OperationalError, match="Lock wait timeout"))

    # Each option states every backend's part; a run decides the part for its own backend.
    return {
        "A": shared == "FOR UPDATE" and of_users == "FOR UPDATE OF USERS",
        "B": (shared == "FOR SHARE" and of_users == "FOR UPDATE OF USERS") if pg
        else (shared == "LOCK IN SHARE MODE" and of_users == "FOR UPDATE"),
        "C": (shared == "FOR SHARE" and of_users == "FOR UPDATE") if pg
        else (shared == "LOCK IN SHARE MODE" and of_users == "FOR UPDATE OF USERS"),
        "D": shared == ("LOCK IN SHARE MODE" if pg else "FOR SHARE") and of_users == "FOR UPDATE OF USERS",
    }


if __name__ == "__main__":
    run_alone(__file__)

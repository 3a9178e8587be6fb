"""On MariaDB, populate_existing re-reads the row inside the same REPEATABLE READ snapshot."""

from sqlalchemy import String, insert, select, update
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    name: Mapped[str] = mapped_column(String(20))


def rename_elsewhere(lab: Lab, name: str) -> None:
    """Another connection renames user 1 and commits."""
    with lab.other_connection() as other:
        other.execute(update(User).where(User.id == 1).values(name=name))
        other.commit()


def reselect(session: Session, populate_existing: bool) -> User:
    return session.scalars(
        select(User).where(User.id == 1).execution_options(populate_existing=populate_existing)).one()


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        Base.metadata.create_all(lab.engine)
        with lab.engine.begin() as conn:
            conn.execute(insert(User), [{"id": 1, "name": "ada"}])

    with Session(lab.engine) as session:
        u = session.get(User, 1)
        level = lab.fact("the session's isolation level", session.connection().get_isolation_level())
        rename_elsewhere(lab, "bob")
        with lab.capture() as requery:
            again = reselect(session, populate_existing=True)
            seen = u.name
        lab.fact("seen", seen)
        same_object = lab.fact("the re-select returned u itself", again is u)
        sent = lab.fact("statements the re-select sent", requery.kinds())
        session.commit()
        with lab.capture():
            after_commit = u.name
        lab.fact("u.name after session.commit()", after_commit)

    read_committed = lab.make_engine(isolation_level="READ COMMITTED")
    with Session(read_committed) as session:
        u_rc = session.get(User, 1)  # held, so the identity map keeps it
        rename_elsewhere(lab, "cy")
        with lab.capture():
            reselect(session, populate_existing=False)
            plain_rc = u_rc.name
            row_rc = session.scalar(select(User.name).where(User.id == 1))
            reselect(session, populate_existing=True)
            populated_rc = u_rc.name
        lab.fact("READ COMMITTED: name after a plain re-select, then with populate_existing", [plain_rc, populated_rc])
        lab.fact("READ COMMITTED: the name a column SELECT reads at that point", row_rc)
        session.commit()

    return {
        "A": seen == "bob",
        "B": seen == "ada" and sent == ["SELECT"] and level == "REPEATABLE READ" and same_object,
        "C": sent == [],
        "D": sent[:2] == ["COMMIT", "BEGIN"] and seen == "bob",
        "E": populated_rc == "cy",
        "F": plain_rc == "cy",
    }


if __name__ == "__main__":
    run_alone(__file__)

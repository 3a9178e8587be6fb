"""populate_existing overwrites loaded attributes; autoflush decides whether an unflushed change is saved first or lost."""

from sqlalchemy import String, exc, insert, select, update
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    name: Mapped[str] = mapped_column(String(50))


def stored_name(lab: Lab) -> str:
    """User 1's committed name, as another connection reads it."""
    with lab.other_connection() as other:
        return other.scalar(select(User.name).where(User.id == 1))


def reset_name(lab: Lab) -> None:
    """Store "ada" again, so that the next case starts where the stem says."""
    with lab.engine.begin() as conn:
        conn.execute(update(User).where(User.id == 1).values(name="ada"))


def reselect(session: Session, **options: bool) -> str | None:
    """Re-select user 1 with the given execution options; the class name of any exception it raised."""
    stmt = select(User).where(User.id == 1).execution_options(**options)
    try:
        session.scalars(stmt).one()
    except exc.SQLAlchemyError as error:
        return type(error).__name__
    return None


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)
    with lab.engine.begin() as conn:
        conn.execute(insert(User), [{"id": 1, "name": "ada"}])

    # Default autoflush.
    with Session(lab.engine) as session:
        user = session.get(User, 1)
        user.name = "pending-change"
        with lab.capture() as default_sql:
            default_error = reselect(session, populate_existing=True)
        default_name = lab.fact("autoflush on: user.name after the re-select", user.name)
        lab.fact("autoflush on: statements the re-select sent", default_sql.queries.kinds())
        lab.fact("autoflush on: exception", default_error)
        session.commit()
    default_stored = lab.fact("autoflush on: name stored after commit", stored_name(lab))
    reset_name(lab)

    # autoflush=False on the re-select.
    with Session(lab.engine) as session:
        user = session.get(User, 1)
        user.name = "pending-change"
        with lab.capture() as off_sql:
            off_error = reselect(session, populate_existing=True, autoflush=False)
        off_name = lab.fact("autoflush=False: user.name after the re-select", user.name)
        off_dirty = lab.fact("autoflush=False: user in session.dirty", user in session.dirty)
        lab.fact("autoflush=False: statements the re-select sent", off_sql.queries.kinds())
        lab.fact("autoflush=False: exception", off_error)
        session.commit()
    off_stored = lab.fact("autoflush=False: name stored after commit", stored_name(lab))

    # autoflush=False, and no populate_existing.
    with Session(lab.engine) as session:
        user = session.get(User, 1)
        user.name = "pending-change"
        plain_error = reselect(session, autoflush=False)
        plain_name = lab.fact("autoflush=False, no populate_existing: user.name after the re-select", user.name)
        lab.fact("autoflush=False, no populate_existing: exception", plain_error)
        session.rollback()

    default_kinds, off_kinds = default_sql.queries.kinds(), off_sql.queries.kinds()
    return {
        "A": default_kinds[:2] == ["UPDATE", "SELECT"] and default_name == "pending-change",
        "B": default_name == "ada",
        "C": off_name == "ada" and not off_dirty and "UPDATE" not in off_kinds,
        "D": off_error == "InvalidRequestError",
        "E": plain_name == "ada",
        "F": off_stored == "pending-change",
    }


if __name__ == "__main__":
    run_alone(__file__)

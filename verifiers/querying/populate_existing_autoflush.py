"""populate_existing overwrites loaded attributes; autoflush decides whether an unflushed change is saved first or lost."""

from sqlalchemy import String, exc, insert, inspect, select, update
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from verifiers import Attempt, Lab, run_alone


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


def reselect(lab: Lab, label: str, session: Session, **options: bool) -> Attempt:
    """Re-select user 1 with the given execution options; the identity it returned, or what it raised, is the fact ``label``."""
    stmt = select(User).where(User.id == 1).execution_options(**options)
    return lab.attempt(label, lambda: inspect(session.scalars(stmt).one()).identity)


def name_history(user: User) -> list[list[str]]:
    """The name attribute's unsaved history: [added, deleted]."""
    history = inspect(user).attrs.name.history
    return [list(history.added), list(history.deleted)]


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)
    with lab.engine.begin() as conn:
        conn.execute(insert(User), [{"id": 1, "name": "ada"}])

    # Default autoflush.
    with Session(lab.engine) as session:
        user = session.get(User, 1)
        user.name = "pending-change"
        with lab.capture() as default_sql:
            default = reselect(lab, "autoflush on: the re-select", session, populate_existing=True)
        default_name = lab.fact("autoflush on: user.name after the re-select", user.name)
        lab.fact("autoflush on: user in session.dirty", user in session.dirty)
        lab.fact("autoflush on: statements the re-select sent", default_sql.queries.kinds())
        lab.fact("autoflush on: values the UPDATE bound", [s.values for s in default_sql.of_kind("UPDATE")])
        lab.fact("autoflush on: name another connection reads before commit", stored_name(lab))
        session.commit()
    lab.fact("autoflush on: name stored after commit", stored_name(lab))
    reset_name(lab)

    # autoflush=False on the re-select.
    with Session(lab.engine) as session:
        user = session.get(User, 1)
        user.name = "pending-change"
        with lab.capture() as off_sql:
            off = reselect(lab, "autoflush=False: the re-select", session, populate_existing=True, autoflush=False)
        lab.fact("autoflush=False: exception the re-select raised", off.error_class)
        off_name = lab.fact("autoflush=False: user.name after the re-select", user.name)
        off_dirty = lab.fact("autoflush=False: user in session.dirty", user in session.dirty)
        lab.fact("autoflush=False: name's history after the re-select (added, deleted)", name_history(user))
        lab.fact("autoflush=False: statements the re-select sent", off_sql.queries.kinds())
        with lab.capture() as off_commit:
            session.commit()
        lab.fact("autoflush=False: statements commit sent", off_commit.kinds())
    off_stored = lab.fact("autoflush=False: name stored after commit", stored_name(lab))

    # Inside session.no_autoflush instead of the execution option.
    with Session(lab.engine) as session:
        user = session.get(User, 1)
        user.name = "pending-change"
        with lab.capture() as block_sql, session.no_autoflush:
            reselect(lab, "inside session.no_autoflush: the re-select", session, populate_existing=True)
        lab.fact("inside session.no_autoflush: statements the re-select sent, user.name after",
                 [block_sql.queries.kinds(), user.name])
        session.rollback()

    # No populate_existing: autoflush=False, then the default autoflush.
    with Session(lab.engine) as session:
        user = session.get(User, 1)
        user.name = "pending-change"
        reselect(lab, "autoflush=False, no populate_existing: the re-select", session, autoflush=False)
        plain_name = lab.fact("autoflush=False, no populate_existing: user.name after the re-select", user.name)
        session.rollback()
    with Session(lab.engine) as session:
        user = session.get(User, 1)
        user.name = "pending-change"
        reselect(lab, "autoflush on, no populate_existing: the re-select", session)
        lab.fact("no populate_existing: user.name after the re-select, autoflush off / on", [plain_name, user.name])
        session.rollback()

    default_kinds, off_kinds = default_sql.queries.kinds(), off_sql.queries.kinds()
    return {
        "A": default.ok and default_kinds == ["UPDATE", "SELECT"] and default_name == "pending-change",
        "B": default_name == "ada",
        "C": off.ok and off_name == "ada" and not off_dirty and off_sql.count("UPDATE") == 0,
        "D": off.raised(exc.InvalidRequestError),
        "E": plain_name == "ada",
        "F": off_stored == "pending-change",
    }


if __name__ == "__main__":
    run_alone(__file__)

"""A TypeDecorator without cache_ok makes statements that name its column or bind its type uncacheable; select(Entity) still caches."""

import warnings

from sqlalchemy import String, TypeDecorator, exc, insert, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from verifiers import CacheNotes, Lab, run_alone


class Lower(TypeDecorator):  # no cache_ok
    impl = String(50)

    def process_bind_param(self, value, dialect):
        return value.lower() if value is not None else value


class LowerCached(TypeDecorator):
    impl = String(50)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return value.lower() if value is not None else value


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    email: Mapped[str] = mapped_column(Lower)
    name: Mapped[str] = mapped_column(LowerCached)


def run_twice(session: Session, log: CacheNotes, make_statement) -> tuple[list[str], list[str], bool]:
    """Execute a freshly built statement twice: the cache notes logged, the warnings raised, and whether it ran."""
    before = len(log.notes)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            for _ in range(2):
                session.execute(make_statement()).all()
            ran = True
        except exc.SQLAlchemyError:
            ran = False
    return log.notes[before:], [f"{w.category.__name__}: {w.message}" for w in caught], ran


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        Base.metadata.create_all(lab.engine)
        with lab.engine.begin() as conn:
            conn.execute(insert(User), [{"id": 1, "email": "a", "name": "a"}])

    with lab.cache_notes() as log, lab.capture():
        # A Connection decides whether to log when it is created, so the session starts inside the block.
        with Session(lab.engine) as session:
            email_notes, email_warnings, email_ran = run_twice(
                session, log, lambda: select(User.id).where(User.email == "A"))                 # (1)
            entity_notes, entity_warnings, entity_ran = run_twice(
                session, log, lambda: select(User))                                              # (2)
            name_notes, name_warnings, name_ran = run_twice(
                session, log, lambda: select(User.id).where(User.name == "A"))                  # (3)
            column_notes, _, _ = run_twice(session, log, lambda: select(User.email))   # the column, not the entity

    lab.fact("(1) cache notes", email_notes)
    lab.fact("(1) distinct warnings", sorted({w.split(".  ")[0] for w in email_warnings}))
    lab.fact("(2) cache notes", entity_notes)
    lab.fact("(2) warnings", entity_warnings)
    lab.fact("(3) cache notes", name_notes)
    lab.fact("(3) warnings", name_warnings)
    lab.fact("select(User.email) cache notes", column_notes)
    no_key_warning = any(w.startswith("SAWarning: TypeDecorator Lower(length=50) will not produce a cache key because")
                         and "cache_ok" in w for w in email_warnings)

    return {
        "A": email_ran and email_notes == ["no key", "no key"] and no_key_warning,
        "B": entity_ran and entity_notes == ["no key", "no key"],
        "C": email_ran and email_notes[-1:] == ["cached since"],
        "D": name_ran and name_notes == ["generated in", "cached since"] and not name_warnings,
        "E": not email_ran,
    }


if __name__ == "__main__":
    run_alone(__file__)

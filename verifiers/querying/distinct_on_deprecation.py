"""select().distinct(column): DISTINCT ON on PostgreSQL, a plain DISTINCT elsewhere, and which deprecation warnings say so."""

import warnings

from sqlalchemy import String, exc, insert, select
from sqlalchemy.dialects import postgresql as postgresql_dialect
from sqlalchemy.dialects import sqlite as sqlite_dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    name: Mapped[str] = mapped_column(String(20))
    score: Mapped[int]


def deprecations(caught: list[warnings.WarningMessage]) -> list[str]:
    """The first sentence of each SADeprecationWarning caught."""
    return [str(w.message).split(".  ")[0].split(". ")[0] for w in caught
            if issubclass(w.category, exc.SADeprecationWarning)]


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        Base.metadata.create_all(lab.engine)
        with lab.engine.begin() as conn:
            conn.execute(insert(User), [{"id": 1, "name": "ann", "score": 1},
                                        {"id": 2, "name": "bob", "score": 1},
                                        {"id": 3, "name": "cat", "score": 2}])

    with warnings.catch_warnings(record=True) as building:
        warnings.simplefilter("always")
        stmt = select(User.name).distinct(User.score).order_by(User.score, User.name)
    with Session(lab.engine) as session, lab.capture() as sent:
        with warnings.catch_warnings(record=True) as executing:
            warnings.simplefilter("always")
            run = lab.attempt("executing the statement", lambda: session.scalars(stmt).all())

    built = lab.fact("deprecation warnings while building the statement", deprecations(building))
    ran = lab.fact("deprecation warnings while executing it", deprecations(executing))
    names = lab.fact("names", run.value if run.ok else None)
    select_sql = sent.of_kind("SELECT")[0]  # (if it raised before sending, this fails the proof loudly)
    distinct_on = lab.fact("the SELECT says DISTINCT ON (users.score)", "DISTINCT ON (users.score)" in select_sql.sql)
    plain_distinct = lab.fact("the SELECT is a plain SELECT DISTINCT users.name",
                              select_sql.mentions("DISTINCT") and not distinct_on)
    grouped = select_sql.mentions("GROUP")
    # The non-PostgreSQL warning's full text, from compiling for SQLite (no database needed, same on every run).
    with warnings.catch_warnings(record=True) as compiling:
        warnings.simplefilter("always")
        stmt.compile(dialect=sqlite_dialect.dialect())
    lab.fact("compiling for SQLite warns that it is silently ignored and will raise CompileError later", any(
        "is currently silently ignored, however this usage is deprecated, and will raise CompileError in a future release"
        in str(w.message) for w in compiling))
    only_pg_warning = any(m.startswith("DISTINCT ON is currently supported only by the PostgreSQL dialect") for m in ran)
    points_to_distinct_on = any("postgresql.distinct_on" in str(w.message)
                                and issubclass(w.category, exc.SADeprecationWarning) for w in building)
    # 2.1's replacement, compiled for PostgreSQL (the function does not exist in 2.0).
    distinct_on_ext = getattr(postgresql_dialect, "distinct_on", None)
    lab.fact("postgresql.distinct_on() exists, and .ext() with it renders DISTINCT ON (users.score)",
             distinct_on_ext is not None and "DISTINCT ON (users.score)" in str(
                 select(User.name).ext(distinct_on_ext(User.score)).compile(dialect=postgresql_dialect.dialect())))

    return {
        "A": {"postgresql": distinct_on and names == ["ann", "cat"],
              "sqlite": plain_distinct and names == ["ann", "bob", "cat"],
              "mariadb": plain_distinct and names == ["ann", "bob", "cat"]}[lab.backend],
        "B": {"postgresql": names == ["ann", "bob", "cat"],
              "sqlite": run.raised(exc.CompileError),
              "mariadb": run.raised(exc.CompileError)}[lab.backend],
        "C": only_pg_warning if lab.backend != "postgresql" else not ran,
        "D": points_to_distinct_on,
        "E": {"postgresql": distinct_on and names == ["ann", "bob", "cat"],
              "sqlite": grouped and names == ["ann", "cat"],
              "mariadb": grouped and names == ["ann", "cat"]}[lab.backend],
    }


if __name__ == "__main__":
    run_alone(__file__)

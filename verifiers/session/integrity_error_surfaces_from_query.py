"""A duplicate left pending in the session is raised by the next ORM query, through autoflush, whatever table it reads."""

import re

from sqlalchemy import String, exc, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "app_user"
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(100), unique=True)


class Purchase(Base):  # no foreign key, no relationship: unrelated to app_user
    __tablename__ = "purchase"
    id: Mapped[int] = mapped_column(primary_key=True)
    item: Mapped[str] = mapped_column(String(50))


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)
    with Session(lab.engine) as setup:
        setup.add(User(email="ada@example.com"))
        setup.commit()

    # The question's code.
    with Session(lab.engine) as session:
        with lab.capture() as adding:
            add = lab.attempt("session.add() of the duplicate  (1)",
                              lambda: session.add(User(email="ada@example.com")))
        with lab.capture() as sql:
            query = lab.attempt("session.scalars(select(Purchase)).all()  (2)",
                                lambda: session.scalars(select(Purchase)).all())
        lab.fact("statements sent by (1)", adding.kinds())
        lab.fact("statements sent by (2)", sql.kinds())
        failed = query.error
        statement_kind = lab.fact("kind of the statement the error carries",
                                  failed.statement.split()[0].upper() if isinstance(failed, exc.StatementError) else None)
        lab.fact("the message names the query-invoked autoflush and suggests no_autoflush",
                 query.raised(exc.IntegrityError, match=r"query-invoked autoflush.*no_autoflush"))
        names_app_user = lab.fact("the error's .statement names app_user",
                                  isinstance(failed, exc.StatementError) and re.search(r"\bapp_user\b", failed.statement) is not None)
        purchase_selects = lab.fact("SELECTs on purchase sent", len(sql.of_kind("SELECT").mentioning("purchase")))
        again = lab.attempt("the same query again, before rollback()", lambda: session.scalars(select(Purchase)).all())
        lab.fact("a later query before rollback() raises PendingRollbackError", again.raised(exc.PendingRollbackError))
        session.rollback()

        # The same query inside no_autoflush runs; the duplicate then fails at commit().
        session.add(User(email="ada@example.com"))
        with session.no_autoflush:
            quiet = lab.attempt("the query inside session.no_autoflush", lambda: session.scalars(select(Purchase)).all())
        lab.fact("the query inside no_autoflush returns []", quiet.ok and quiet.value == [])
        commit = lab.attempt("commit() after the no_autoflush query", session.commit)
        lab.fact("commit() then raises IntegrityError", commit.raised(exc.IntegrityError))

    return {
        "A": add.raised(exc.IntegrityError),
        "B": query.ok and query.value == [],
        "C": query.raised(exc.IntegrityError) and statement_kind == "INSERT" and names_app_user and purchase_selects == 0,
        "D": query.raised(exc.IntegrityError) and statement_kind == "SELECT",
        "E": query.raised(exc.PendingRollbackError),
    }


if __name__ == "__main__":
    run_alone(__file__)

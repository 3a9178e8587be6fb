"""refresh() inside a transaction sees another connection's commit only where the isolation level lets it."""

from sqlalchemy import String, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Book(Base):
    __tablename__ = "book"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    title: Mapped[str] = mapped_column(String(100))


def set_title_elsewhere(lab: Lab, title: str) -> None:
    with lab.other_connection() as other:
        other.execute(update(Book).where(Book.id == 1).values(title=title))
        other.commit()


def isolation_as_the_text_says(lab: Lab, session: Session) -> bool:
    """PostgreSQL runs READ COMMITTED, MariaDB REPEATABLE READ; sqlite3 has no transaction open after a SELECT."""
    connection = session.connection()
    if lab.backend == "sqlite":
        return not connection.connection.driver_connection.in_transaction
    expected = {"postgresql": "READ COMMITTED", "mariadb": "REPEATABLE READ"}[lab.backend]
    return connection.get_isolation_level() == expected


def run(lab: Lab, reload) -> tuple:
    """The question's code, with `reload(session, book)` at the marked point."""
    with Session(lab.engine) as session:
        book = session.get(Book, 1)
        isolation_checked = isolation_as_the_text_says(lab, session)
        set_title_elsewhere(lab, "Dune Messiah")
        with lab.capture() as reloading:
            outcome = lab.attempt("reload, then book.title (1)", lambda: reload(session, book))
        session.commit()
        after_commit = book.title
    set_title_elsewhere(lab, "Dune")  # back to the starting point for the next case
    return outcome, after_commit, reloading, isolation_checked


def refresh(session: Session, book: Book) -> str:
    session.refresh(book)
    return book.title


def expire_then_read(session: Session, book: Book) -> str:
    session.expire(book)
    return book.title


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)
    with lab.setup(), Session(lab.engine) as setup:
        setup.add(Book(id=1, title="Dune"))
        setup.commit()

    refreshed, second, reloading, isolation_checked = run(lab, refresh)
    lab.fact("isolation as the text states it", isolation_checked)
    first = lab.fact("(1) with refresh()", refreshed.value if refreshed.ok else refreshed.error_class)
    lab.fact("statements refresh() sent", reloading.queries.kinds())
    lab.fact("(2) with refresh()", second)
    expired, _, expiring, _ = run(lab, expire_then_read)
    lab.fact("statements expire() + read sent", expiring.queries.kinds())
    lab.fact("(1) with expire() + read", expired.value if expired.ok else expired.error_class)

    # Each option states every backend's part; a run decides the part for its own backend.
    own = {"postgresql": "Dune Messiah", "sqlite": "Dune Messiah", "mariadb": "Dune"}[lab.backend]
    flipped = {"postgresql": "Dune", "sqlite": "Dune", "mariadb": "Dune Messiah"}[lab.backend]
    return {
        "A": refreshed.ok and first == own,
        "B": refreshed.ok and first == flipped,
        "C": second == "Dune Messiah",
        "D": refreshed.raised(OperationalError) if lab.backend == "mariadb"
        else refreshed.ok and first == "Dune",
        "E": refreshed.ok and expired.ok and expired.value == refreshed.value,
    }


if __name__ == "__main__":
    run_alone(__file__)

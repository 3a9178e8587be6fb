"""A scoped_session hands out one Session per thread, created on first use; arguments are refused once it exists."""

import re
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import String
from sqlalchemy.exc import InvalidRequestError
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, scoped_session, sessionmaker

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Book(Base):
    __tablename__ = "book"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    title: Mapped[str] = mapped_column(String(50))


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)

    # The question's code.
    Sess = scoped_session(sessionmaker(bind=lab.engine))
    try:
        with lab.capture() as sql:
            before = lab.fact("(1) Sess.registry.has() before any use", Sess.registry.has())
            book = Book(id=1, title="Dune")
            Sess.add(book)
            created_by_add = lab.fact("Sess.registry.has() after Sess.add()", Sess.registry.has())
            s1 = Sess()
            s2 = Sess()
            same = lab.fact("(2) s1 is s2", s1 is s2)
            book_in_s1 = lab.fact("(2) book in s1", book in s1)
            with ThreadPoolExecutor(max_workers=1) as worker:
                other = worker.submit(Sess).result()
                worker.submit(Sess.remove).result()  # the other thread's Session, closed in that thread
            other_is_s1 = lab.fact("the other thread's Sess() is s1", other is s1)
            with_args = lab.attempt("(3) Sess(autoflush=False)", lambda: Sess(autoflush=False))
            lab.fact("Sess() is s1 and s1.autoflush after (3)", [Sess() is s1, s1.autoflush])
        lab.fact("statements sent", sql.kinds())
    finally:
        Sess.remove()

    # The explanation: once remove() has discarded the thread's Session, arguments are accepted again.
    try:
        Sess.remove()
        configured = Sess(autoflush=False)
        lab.fact("after remove(): Sess(autoflush=False) is a new Session with autoflush False",
                 configured is not s1 and configured.autoflush is False)
    finally:
        Sess.remove()

    return {
        "A": same,
        "B": not book_in_s1,
        "C": other_is_s1,
        "D": with_args.raised(
            InvalidRequestError,
            match=re.escape("Scoped session is already present; no new arguments may be specified.")),
        "E": with_args.ok and not s1.autoflush,
        "F": before is False and created_by_add is True,
    }


if __name__ == "__main__":
    run_alone(__file__)

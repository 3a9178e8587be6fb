"""add() refuses a detached object whose deletion was committed, and an object still attached to another Session."""

from sqlalchemy import String
from sqlalchemy.exc import InvalidRequestError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column
from sqlalchemy.orm.exc import ObjectDeletedError

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Book(Base):
    __tablename__ = "book"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    title: Mapped[str] = mapped_column(String(100))


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)
    with lab.setup(), Session(lab.engine) as setup:
        setup.add_all([Book(id=1, title="Dune"), Book(id=2, title="Emma")])
        setup.commit()

    with Session(lab.engine) as s1:
        book = s1.get(Book, 1)
        s1.delete(book)
        s1.commit()
    lab.fact("book after s1 is closed", lab.state(book))
    lab.fact("book status and was_deleted after s1 is closed", [lab.state(book).status, lab.state(book).was_deleted])

    with Session(lab.engine) as s2:
        with lab.capture() as adding_deleted:
            first = lab.attempt("(1) s2.add(book)", lambda: s2.add(book))
        lab.fact("statements (1) sent", adding_deleted.kinds())
        in_s2 = lab.fact("book in s2 after (1)", book in s2)
        with lab.capture() as flushing_s2:
            lab.attempt("the next flush of s2", s2.flush)
        lab.fact("statements the next flush of s2 sent", flushing_s2.kinds())

    with Session(lab.engine) as s3, Session(lab.engine) as s4:
        other = s3.get(Book, 2)
        with lab.capture() as adding_foreign:
            second = lab.attempt("(2) s4.add(other)", lambda: s4.add(other))
        lab.fact("statements (2) sent", adding_foreign.kinds())
        in_s3 = lab.fact("other in s3 after (2)", other in s3)
        in_s4 = lab.fact("other in s4 after (2)", other in s4)
        s3.close()
        lab.attempt("s4.add(other) after s3.close()", lambda: s4.add(other))
        lab.fact("other in s4 after s3.close() and s4.add(other)", other in s4)

    # The same move with expunge() while the first session stays open.
    with Session(lab.engine) as s5, Session(lab.engine) as s6:
        moved = s5.get(Book, 2)
        s5.expunge(moved)
        moving = lab.attempt("s6.add() of an object expunged from s5", lambda: s6.add(moved))
        lab.fact("an object expunged from one open session can be added to another", moving.ok and moved in s6)

    return {
        "A": first.ok and flushing_s2.count("INSERT") == 1,
        "B": first.ok and not in_s2 and adding_deleted.count() == 0,
        "C": second.ok and in_s4 and not in_s3,
        "D": first.raised(ObjectDeletedError),
        "E": second.ok and in_s3 and in_s4,
        "F": first.raised(InvalidRequestError, match=r"has been deleted.*make_transient\(\)")
        and second.raised(InvalidRequestError, match="already attached to session")
        and adding_deleted.count() + adding_foreign.count() == 0,
    }


if __name__ == "__main__":
    run_alone(__file__)

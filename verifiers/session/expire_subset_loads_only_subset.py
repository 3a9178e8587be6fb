"""Expiring some attributes reloads just those, together, on the first access to any of them."""

from sqlalchemy import String
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Book(Base):
    __tablename__ = "book"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    title: Mapped[str] = mapped_column(String(100))
    note: Mapped[str | None] = mapped_column(String(100))
    price: Mapped[int]


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)
    with lab.setup(), Session(lab.engine) as setup:
        setup.add(Book(id=1, title="Dune", note="classic", price=12))
        setup.commit()

    # The question's code.
    with Session(lab.engine) as session:
        book = session.get(Book, 1)
        with lab.capture() as expiring:
            session.expire(book, ["note", "price"])
        lab.fact("attributes expired after expire()", sorted(lab.state(book).expired_attributes))
        with lab.capture() as read_1:
            lab.fact("(1) book.title", book.title)
        with lab.capture() as read_2:
            lab.fact("(2) book.note", book.note)
        lab.fact("attributes still expired after (2)", sorted(lab.state(book).expired_attributes))
        with lab.capture() as read_3:
            lab.fact("(3) book.price", book.price)
    sent = lab.fact("statements expire(), (1), (2), (3) sent",
                    [expiring.kinds(), read_1.kinds(), read_2.kinds(), read_3.kinds()])
    reload = read_2.of_kind("SELECT")
    columns = lab.fact("columns the reload SELECT names, of title/note/price",
                       [c for c in ("title", "note", "price") if reload and reload[0].mentions(c)])
    bound = lab.fact("bound values of the reload SELECT", reload[0].values if reload else None)

    return {
        "A": expiring.count("SELECT") == 1,
        "B": sent == [[], [], ["SELECT"], []] and columns == ["note", "price"] and bound == [1],
        "C": read_2.count("SELECT") == 1 and "title" in columns,
        "D": read_2.count("SELECT") == 1 and read_3.count("SELECT") == 1,
        "E": read_2.count("SELECT") == 0 and read_3.count("SELECT") == 0,
        "F": read_1.count("SELECT") == 1,
    }


if __name__ == "__main__":
    run_alone(__file__)

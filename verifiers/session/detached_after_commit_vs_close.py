"""A detached object keeps the values it had loaded, unless a commit expired them before it was detached."""

from sqlalchemy import String
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker

from verifiers import Lab, run_alone
from verifiers.harness.objstate import ObjectState


class Base(DeclarativeBase):
    pass


class Book(Base):
    __tablename__ = "book"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    title: Mapped[str] = mapped_column(String(100))


def read_title(lab: Lab, label: str, book: Book) -> tuple[ObjectState, str | None, str | None, int]:
    """Read ``book.title``: (state before, qualified class of the exception or None, value or None, statements sent)."""
    state = lab.fact(f"{label}: state before the read", lab.state(book))
    raised, value = None, None
    with lab.capture() as sql:
        try:
            value = book.title
        except Exception as error:  # the exception's class is the observation
            raised = f"{type(error).__module__}.{type(error).__qualname__}"
    lab.fact(f"{label}: reading book.title raises", raised)
    lab.fact(f"{label}: book.title", value)
    return state, raised, value, lab.fact(f"{label}: statements sent by the read", sql.count())


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)
    with Session(lab.engine) as setup:
        setup.add(Book(id=1, title="Dune"))
        setup.commit()

    with Session(lab.engine) as s1:
        a = s1.get(Book, 1)
    closed_state, closed_error, closed_value, closed_sent = read_title(lab, "(1) closed without commit", a)

    with Session(lab.engine) as s2:
        b = s2.get(Book, 1)
        s2.commit()
    _, committed_error, committed_value, _ = read_title(lab, "(2) committed, then closed", b)

    factory = sessionmaker(lab.engine)
    with lab.capture() as block, factory.begin() as s3:
        c = s3.get(Book, 1)
    block_flow = lab.fact("(3) transaction control of the factory.begin() block", block.transaction_flow())
    _, begin_error, _, _ = read_title(lab, "(3) sessionmaker.begin() block", c)

    return {
        "A": closed_error == "sqlalchemy.orm.exc.DetachedInstanceError",
        "B": closed_error is None and closed_value == "Dune" and closed_sent == 0,
        "C": committed_error == "sqlalchemy.orm.exc.DetachedInstanceError",
        "D": committed_error is None and committed_value == "Dune",
        "E": closed_state.detached and bool(closed_state.expired_attributes),
        "F": begin_error == "sqlalchemy.orm.exc.DetachedInstanceError" and block_flow[-1:] == ["COMMIT"],
    }


if __name__ == "__main__":
    run_alone(__file__)

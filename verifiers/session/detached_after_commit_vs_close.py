"""A detached object keeps the values it had loaded, unless a commit expired them before it was detached."""

from sqlalchemy import String
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker
from sqlalchemy.orm.exc import DetachedInstanceError

from verifiers import Attempt, Lab, ObjectState, run_alone


class Base(DeclarativeBase):
    pass


class Book(Base):
    __tablename__ = "book"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    title: Mapped[str] = mapped_column(String(100))


def read_title(lab: Lab, label: str, book: Book) -> tuple[Attempt, int]:
    """Read ``book.title``: what the read returned or raised, and how many statements it sent."""
    with lab.capture() as sql:
        read = lab.attempt(f"{label}: reading book.title", lambda: book.title)
    return read, sql.count()


def status_and_expired(state: ObjectState) -> list[object]:
    return [state.status, sorted(state.expired_attributes)]


def loaded_attributes(state: ObjectState) -> list[str]:
    """The mapped attributes the object holds a value for (neither expired nor never loaded)."""
    return sorted(set(Book.__mapper__.attrs.keys()) - state.unloaded)


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)
    with Session(lab.engine) as setup:
        setup.add(Book(id=1, title="Dune"))
        setup.commit()

    with Session(lab.engine) as s1:
        a = s1.get(Book, 1)
    a_state = lab.fact("(1) a's state before the read", lab.state(a))
    closed, closed_sent = read_title(lab, "(1) closed without commit", a)
    lab.fact("(1) statements sent by reading a.title", closed_sent)
    lab.fact("(1) a's status and expired attributes", status_and_expired(a_state))

    with Session(lab.engine) as s2:
        b = s2.get(Book, 1)
        s2.commit()
    b_state = lab.fact("(2) b's state before the read", lab.state(b))
    committed, committed_sent = read_title(lab, "(2) committed, then closed", b)
    lab.fact("(2) statements sent by reading b.title", committed_sent)
    lab.fact("(2) b's status and expired attributes", status_and_expired(b_state))
    lab.fact("(2) attributes b holds a loaded value for", loaded_attributes(b_state))

    factory = sessionmaker(lab.engine)
    with lab.capture() as block, factory.begin() as s3:
        c = s3.get(Book, 1)
    block_flow = lab.fact("(3) transaction control of the factory.begin() block", block.transaction_flow())
    c_state = lab.fact("(3) c's state before the read", lab.state(c))
    lab.fact("(3) c's status and expired attributes", status_and_expired(c_state))
    lab.fact("(3) c ends in the same state as b", status_and_expired(c_state) == status_and_expired(b_state)
             and loaded_attributes(c_state) == loaded_attributes(b_state))
    begin_block, _ = read_title(lab, "(3) sessionmaker.begin() block", c)

    # The remedy the explanation names: expire_on_commit=False keeps the loaded values through the commit.
    with Session(lab.engine, expire_on_commit=False) as kept:
        d = kept.get(Book, 1)
        kept.commit()
    not_expired, _ = read_title(lab, "expire_on_commit=False", d)
    lab.fact("with expire_on_commit=False: the title read after the session", not_expired.value)

    return {
        "A": closed.raised(DetachedInstanceError),
        "B": closed.ok and closed.value == "Dune" and closed_sent == 0,
        "C": committed.raised(DetachedInstanceError),
        "D": committed.ok and committed.value == "Dune",
        "E": a_state.detached and bool(a_state.expired_attributes),
        "F": begin_block.raised(DetachedInstanceError) and block_flow[-1:] == ["COMMIT"] and c_state.detached,
    }


if __name__ == "__main__":
    run_alone(__file__)

"""On MariaDB with PyMySQL, another statement on the connection of an open streamed result cuts the stream short."""

from sqlalchemy import ForeignKey, event, insert, select
from sqlalchemy.exc import InvalidRequestError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship, selectinload

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    addresses: Mapped[list["Address"]] = relationship()


class Address(Base):
    __tablename__ = "addresses"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        Base.metadata.create_all(lab.engine)
        with lab.engine.begin() as conn:
            conn.execute(insert(User), [{"id": i} for i in range(1, 31)])
            conn.execute(insert(Address), [{"id": i, "user_id": (i + 1) // 2} for i in range(1, 61)])

    streamed = select(User).order_by(User.id).execution_options(yield_per=10)
    with Session(lab.engine) as session, lab.capture():
        with_selectin = lab.attempt("yield_per=10 with selectinload: users seen",
                                    lambda: len(list(session.scalars(streamed.options(selectinload(User.addresses))))))
    with Session(lab.engine) as session, lab.capture():
        lazy_reads = lab.attempt("yield_per=10, reading u.addresses lazily in the loop: users seen",
                                 lambda: len([len(u.addresses) for u in session.scalars(streamed)]))
    cursors = []

    def record_cursor(conn, cursor, statement, parameters, context, executemany):
        cursors.append(type(cursor).__name__)

    event.listen(lab.engine, "before_cursor_execute", record_cursor)
    with Session(lab.engine) as session, lab.capture():
        plain = lab.attempt("yield_per=10, no other statement in the loop: users seen",
                            lambda: len(list(session.scalars(streamed))))
    event.remove(lab.engine, "before_cursor_execute", record_cursor)
    lab.fact("cursor classes the plain stream used", cursors)

    return {
        "A": with_selectin.value == 30,
        "B": with_selectin.value == 10 and lazy_reads.ok and lazy_reads.value == 10 and plain.value == 30,
        "C": with_selectin.raised(InvalidRequestError),
        "D": plain.value == 10,
    }


if __name__ == "__main__":
    run_alone(__file__)

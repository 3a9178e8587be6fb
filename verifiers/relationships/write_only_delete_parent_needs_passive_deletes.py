"""Deleting the parent of a write-only collection: refused unless passive_deletes leaves the children to the database."""

from sqlalchemy import ForeignKey, func, insert, select
from sqlalchemy.exc import InvalidRequestError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, WriteOnlyMapped, mapped_column, relationship

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Feed(Base):
    __tablename__ = "feed"
    id: Mapped[int] = mapped_column(primary_key=True)
    items: WriteOnlyMapped["Item"] = relationship()


class Item(Base):
    __tablename__ = "item"
    id: Mapped[int] = mapped_column(primary_key=True)
    feed_id: Mapped[int | None] = mapped_column(ForeignKey("feed.id"))


class Log(Base):  # the same shape, with passive_deletes=True and ON DELETE CASCADE
    __tablename__ = "log"
    id: Mapped[int] = mapped_column(primary_key=True)
    entries: WriteOnlyMapped["Entry"] = relationship(passive_deletes=True)


class Entry(Base):
    __tablename__ = "entry"
    id: Mapped[int] = mapped_column(primary_key=True)
    log_id: Mapped[int | None] = mapped_column(ForeignKey("log.id", ondelete="CASCADE"))


class Board(Base):  # for comparison: the feed's shape with a normal (loadable) collection
    __tablename__ = "board"
    id: Mapped[int] = mapped_column(primary_key=True)
    pins: Mapped[list["Pin"]] = relationship()


class Pin(Base):
    __tablename__ = "pin"
    id: Mapped[int] = mapped_column(primary_key=True)
    board_id: Mapped[int | None] = mapped_column(ForeignKey("board.id"))


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        Base.metadata.create_all(lab.engine)
        with lab.engine.begin() as conn:
            conn.execute(insert(Feed).values(id=1))
            conn.execute(insert(Item), [{"id": i, "feed_id": 1} for i in (1, 2)])
            conn.execute(insert(Log).values(id=1))
            conn.execute(insert(Entry), [{"id": i, "log_id": 1} for i in (1, 2)])
            conn.execute(insert(Board).values(id=1))
            conn.execute(insert(Pin), [{"id": i, "board_id": 1} for i in (1, 2)])

    with Session(lab.engine) as session:
        session.delete(session.get(Feed, 1))
        with lab.capture() as plain_flush:
            plain = lab.attempt("deleting the feed: session.commit()", session.commit)
    plain_sent = lab.fact("statements sent by the feed's commit", plain_flush.kinds())

    with Session(lab.engine) as session:
        session.delete(session.get(Log, 1))
        with lab.capture() as passive_flush:
            passive = lab.attempt("deleting the log: session.commit()", session.commit)
    passive_sent = lab.fact("statements sent by the log's commit", passive_flush.kinds())
    passive_deletes = passive_flush.of_kind("DELETE")

    with Session(lab.engine) as session:
        session.delete(session.get(Board, 1))
        with lab.capture() as normal_flush:
            session.commit()
    lab.fact("what deleting a board (normal one-to-many) sends, by kind and table",
             [f"{q.kind} {'pin' if q.kind != 'DELETE' and q.mentions('pin') else 'board'}"
              for q in normal_flush.queries])

    with lab.other_connection() as other:
        items = lab.fact("item rows left", other.scalar(select(func.count()).select_from(Item)))
        entries = lab.fact("entry rows left", other.scalar(select(func.count()).select_from(Entry)))

    return {
        "A": plain.ok and items == 0,
        "B": plain.ok and "UPDATE" in plain_sent,
        "C": passive.ok and [q.kind for q in passive_flush.queries] == ["DELETE"]
        and passive_deletes[0].mentions("log") and entries == 0,
        "D": plain.raised(InvalidRequestError, match="passive_deletes") and "DELETE" not in plain_sent and items == 2,
    }


if __name__ == "__main__":
    run_alone(__file__)

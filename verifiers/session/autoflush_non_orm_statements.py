"""Which Session.execute() calls autoflush a pending object: ORM statements only (2.0) or every one (2.1)."""

from collections.abc import Callable

from sqlalchemy import String, func, select, text, update
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from verifiers import Lab, StatementList, run_alone


class Base(DeclarativeBase):
    pass


class Item(Base):
    __tablename__ = "item"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))


item_table = Item.__table__  # the same table, as plain Core


def with_one_pending_item(lab: Lab, call: Callable[[Session], int]) -> tuple[int, bool, StatementList]:
    """In a fresh Session, add one Item, then run ``call`` before any flush.

    Returns what ``call`` returned, whether the Item was still pending
    afterwards, and the statements sent by ``call``. The transaction is rolled
    back, so every case starts from an empty table.
    """
    with Session(lab.engine) as session:
        new_item = Item(name="pending")
        session.add(new_item)
        with lab.capture() as sent:
            result = call(session)
        still_pending = lab.state(new_item).pending
        session.rollback()
    return result, still_pending, sent.queries


def flushed_first(seen: tuple[int, bool, bool]) -> bool:
    """The call sent the pending INSERT before its own statement, and saw the one row."""
    result, still_pending, insert_first = seen
    return result == 1 and not still_pending and insert_first


def not_flushed(seen: tuple[int, bool, bool]) -> bool:
    """The call sent no INSERT, saw no row, and the Item is still pending."""
    result, still_pending, insert_first = seen
    return result == 0 and still_pending and not insert_first


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)

    count_sql = text("SELECT count(*) FROM item")
    cases = {
        "call 1, session.execute(text(...))": lambda s: s.execute(count_sql).scalar_one(),
        "call 2, session.execute(select(...) from the Core Table)": lambda s: s.execute(
            select(func.count()).select_from(item_table)
        ).scalar_one(),
        "call 3, session.execute(select(...) from the mapped class)": lambda s: s.execute(
            select(func.count()).select_from(Item)
        ).scalar_one(),
        "call 4, session.execute(update(...) of the Core Table)": lambda s: s.execute(
            update(item_table).values(name="renamed")
        ).rowcount,
        "call 5, session.connection().execute(text(...))": lambda s: s.connection().execute(count_sql).scalar_one(),
    }
    seen = {}
    for label, call in cases.items():
        result, still_pending, sent = with_one_pending_item(lab, call)
        lab.fact(f"{label}: result / Item still pending / statements sent", (result, still_pending, sent.kinds()))
        seen[label] = (result, still_pending, sent.kinds()[:1] == ["INSERT"])
    text_call, core_select, orm_select, core_update, on_connection = seen.values()

    return {
        "A": flushed_first(orm_select),
        "B": flushed_first(text_call),
        "C": flushed_first(core_select),
        "D": flushed_first(on_connection),
        "E": flushed_first(core_update),
        "F": not_flushed(text_call) and not_flushed(core_select),
    }


if __name__ == "__main__":
    run_alone(__file__)

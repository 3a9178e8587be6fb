"""Which Session.execute() calls autoflush a pending object: ORM statements only (2.0) or every one (2.1)."""

from collections.abc import Callable
from dataclasses import dataclass

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


@dataclass(frozen=True)
class Seen:
    result: int  # what the call returned: a count, or the UPDATE's rowcount
    still_pending: bool  # the Item's state afterwards
    in_new: bool  # the Item is still in session.new afterwards
    sent: StatementList  # the statements the call sent, without transaction control


def with_one_pending_item(lab: Lab, call: Callable[[Session], int]) -> Seen:
    """In a fresh Session, add one Item, then run ``call`` before any flush.

    The transaction is rolled back, so every case starts from an empty table.
    """
    with Session(lab.engine) as session:
        new_item = Item(name="pending")
        session.add(new_item)
        with lab.capture() as sent:
            result = call(session)
        seen = Seen(result, lab.state(new_item).pending, new_item in session.new, sent.queries)
        session.rollback()
    return seen


def flushed_first(seen: Seen, statement: str) -> bool:
    """The call sent the pending INSERT, then its own statement, and saw the one row."""
    return seen.sent.kinds() == ["INSERT", statement] and seen.result == 1 and not seen.still_pending


def not_flushed(seen: Seen) -> bool:
    """The call sent no INSERT, saw no row, and the Item is still pending."""
    return seen.sent.count("INSERT") == 0 and seen.result == 0 and seen.still_pending


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
        seen[label] = with_one_pending_item(lab, call)
        lab.fact(f"{label}: result / Item still pending / statements sent",
                 (seen[label].result, seen[label].still_pending, seen[label].sent.kinds()))
    text_call, core_select, orm_select, core_update, on_connection = seen.values()

    lab.fact("statements sent by calls 1, 2 and 4", [c.sent.kinds() for c in (text_call, core_select, core_update)])
    lab.fact("Item still pending after calls 1, 2 and 4", [c.still_pending for c in (text_call, core_select, core_update)])
    lab.fact("Item in session.new after calls 1 and 2", [c.in_new for c in (text_call, core_select)])
    lab.fact("call 4: the UPDATE's rowcount", core_update.result)
    lab.fact("call 5: statements sent", on_connection.sent.kinds())
    lab.fact("call 5: the count", on_connection.result)
    lab.fact("call 5: Item still pending", on_connection.still_pending)

    return {
        "A": flushed_first(orm_select, "SELECT"),
        "B": flushed_first(text_call, "SELECT"),
        "C": flushed_first(core_select, "SELECT"),
        "D": flushed_first(on_connection, "SELECT"),
        "E": flushed_first(core_update, "UPDATE"),
        "F": not_flushed(text_call) and not_flushed(core_select),
    }


if __name__ == "__main__":
    run_alone(__file__)

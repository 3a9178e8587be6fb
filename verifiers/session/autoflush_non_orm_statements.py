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


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)

    count_sql = text("SELECT count(*) FROM item")
    cases = {
        "session.execute(text(...))": lambda s: s.execute(count_sql).scalar_one(),
        "session.execute(select(...) from the Core Table)": lambda s: s.execute(
            select(func.count()).select_from(item_table)
        ).scalar_one(),
        "session.execute(select(...) from the mapped class)": lambda s: s.execute(
            select(func.count()).select_from(Item)
        ).scalar_one(),
        "session.execute(update(...) of the Core Table)": lambda s: s.execute(
            update(item_table).values(name="renamed")
        ).rowcount,
        "session.connection().execute(text(...))": lambda s: s.connection().execute(count_sql).scalar_one(),
    }
    seen = {}
    for label, call in cases.items():
        result, still_pending, sent = with_one_pending_item(lab, call)
        lab.fact(f"{label}: result / Item still pending / statements sent", (result, still_pending, sent.kinds()))
        seen[label] = (result, still_pending, sent.kinds()[:1] == ["INSERT"])

    def flushed_first(label: str, expected: int) -> bool:
        """The call sent the pending INSERT before its own statement, and saw the row."""
        result, still_pending, insert_first = seen[label]
        return result == expected and not still_pending and insert_first

    def not_flushed(label: str) -> bool:
        result, still_pending, insert_first = seen[label]
        return result == 0 and still_pending and not insert_first

    return {
        "A": flushed_first("session.execute(select(...) from the mapped class)", 1),
        "B": flushed_first("session.execute(text(...))", 1),
        "C": flushed_first("session.execute(select(...) from the Core Table)", 1),
        "D": flushed_first("session.connection().execute(text(...))", 1),
        "E": flushed_first("session.execute(update(...) of the Core Table)", 1),
        "F": not_flushed("session.execute(text(...))") and not_flushed("session.execute(select(...) from the Core Table)"),
    }


if __name__ == "__main__":
    run_alone(__file__)

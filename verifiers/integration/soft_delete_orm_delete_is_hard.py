"""A before_flush soft-delete hook catches session.delete(obj), not an ORM-enabled delete() statement."""

from sqlalchemy import String, delete, event, func, select, text
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Item(Base):
    __tablename__ = "item"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(30))
    deleted: Mapped[bool] = mapped_column(default=False)


def prove(lab: Lab) -> dict[str, bool]:
    hook_calls = []

    def soft_delete(session, flush_context, instances) -> None:
        hook_calls.append(len(session.deleted))
        for obj in list(session.deleted):
            if isinstance(obj, Item):
                obj.deleted = True
                session.add(obj)  # keep it: mark instead of delete

    with lab.setup():
        Base.metadata.create_all(lab.engine)
        with Session(lab.engine) as session:
            session.add_all([Item(id=i, name=f"item {i}") for i in (1, 2, 3)])
            session.commit()

    with Session(lab.engine) as session:
        event.listen(session, "before_flush", soft_delete)
        with lab.capture() as sent:
            session.delete(session.get(Item, 2))
            session.flush()
            session.execute(delete(Item).where(Item.id == 3))
            session.commit()
    lab.fact("statement kinds sent", [s.kind for s in sent.queries])
    lab.fact("before_flush calls (objects in session.deleted each time)", hook_calls)
    with lab.other_connection() as other:
        rows = lab.fact("rows left (id, deleted)", [tuple(r) for r in other.execute(
            text("SELECT id, deleted FROM item ORDER BY id"))])

    ids = [r[0] for r in rows]
    return {
        "A": hook_calls.count(1) == 2,
        "B": ids == [1, 2, 3] and all(bool(r[1]) for r in rows[1:]),
        "C": ids == [1, 3] and sent.count("DELETE") == 1,
        "D": ids == [1, 2] and bool(rows[1][1]) and sent.count("DELETE") == 1,
    }


if __name__ == "__main__":
    run_alone(__file__)

"""delete-orphan and objects that were never flushed: removed before a flush means never inserted."""

from sqlalchemy import ForeignKey, insert, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Order(Base):
    __tablename__ = "orders"
    id: Mapped[int] = mapped_column(primary_key=True)
    lines: Mapped[list["Line"]] = relationship(cascade="all, delete-orphan")


class Line(Base):
    __tablename__ = "line"
    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int | None] = mapped_column(ForeignKey("orders.id"))


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        Base.metadata.create_all(lab.engine)
        with lab.engine.begin() as conn:
            conn.execute(insert(Order).values(id=1))

    with Session(lab.engine) as session:
        order = session.get(Order, 1)
        changed_mind = Line(id=1)
        order.lines.append(changed_mind)
        appended_in = lab.fact("line 1 in the session after the append", changed_mind in session)
        order.lines.remove(changed_mind)
        removed_in = lab.fact("line 1 in the session after the remove", changed_mind in session)
        loose = Line(id=2)
        session.add(loose)  # never attached to any order
        with lab.capture() as committing:
            committed = lab.attempt("session.commit()", session.commit)
    sent = lab.fact("the commit's statements, with the line ids they write",
                    [(s.kind, s.values) for s in committing.queries])

    with lab.other_connection() as other:
        rows = lab.fact("line rows (id, order_id)", [tuple(r) for r in other.execute(select(Line.id, Line.order_id))])

    return {
        "A": (1, None) in rows or (1, 1) in rows,
        "B": not committed.ok,
        "C": any(kind == "DELETE" for kind, _ in sent),
        "D": appended_in and not removed_in and committed.ok and rows == [(2, None)],
    }


if __name__ == "__main__":
    run_alone(__file__)

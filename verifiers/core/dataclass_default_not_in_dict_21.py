"""A dataclass-mapped column default: in the instance __dict__ from __init__ (2.0), or only on access (2.1)."""

import dataclasses

from sqlalchemy import String, insert, select
from sqlalchemy.orm import DeclarativeBase, Mapped, MappedAsDataclass, Session, mapped_column

from verifiers import Lab, run_alone


class Base(MappedAsDataclass, DeclarativeBase):
    pass


class Ticket(Base):
    __tablename__ = "ticket"
    id: Mapped[int] = mapped_column(primary_key=True, init=False)
    title: Mapped[str] = mapped_column(String(50))
    status: Mapped[str] = mapped_column(String(20), default="new")


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        Base.metadata.create_all(lab.engine)

    t = Ticket(title="printer jam")
    stored_by_init = lab.fact("'status' in vars(t) after Ticket(title=...)", "status" in vars(t))
    read_before = lab.fact("t.status before the flush", t.status)
    shown = lab.fact("repr(t) before the flush", repr(t))
    field_default = lab.fact("dataclasses.fields(Ticket): default of status",
                             repr(next(f.default for f in dataclasses.fields(Ticket) if f.name == "status")))

    with Session(lab.engine) as session:
        session.add(t)
        with lab.capture() as flushed:
            session.flush()
        lab.fact("'status' in vars(t) after the flush", "status" in vars(t))
        [ticket_insert] = flushed.of_kind("INSERT")
        bound = lab.fact("values the INSERT bound", ticket_insert.values)
        session.commit()

    with lab.engine.begin() as conn:
        conn.execute(insert(Ticket.__table__).values(title="no object"))
        lab.fact("status stored by a Core insert without it",
                 conn.scalar(select(Ticket.__table__.c.status).where(Ticket.__table__.c.title == "no object")))

    return {
        "A": read_before == "new",
        "B": stored_by_init,
        "C": "new" in bound,
        "D": field_default == repr("new"),
        "E": "status=None" in shown,
    }


if __name__ == "__main__":
    run_alone(__file__)

"""Dirty objects with the same changed columns are flushed as one executemany UPDATE, ordered by primary key."""

from sqlalchemy import String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Ticket(Base):
    __tablename__ = "ticket"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    status: Mapped[str] = mapped_column(String(20))


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)
    with Session(lab.engine) as setup:
        setup.add_all([Ticket(id=i, status="open") for i in (1, 2, 3)])
        setup.commit()

    with Session(lab.engine) as session:
        tickets = session.scalars(select(Ticket).order_by(Ticket.id.desc())).all()
        by_id = {t.id: t for t in tickets}
        lab.fact("load order", [t.id for t in tickets])
        with lab.capture() as sql:
            by_id[3].status = "closed"
            by_id[1].status = "waiting"
            by_id[2].status = "escalated"
            session.flush()
        updates = sql.of_kind("UPDATE")
        executions = lab.fact("UPDATE executions", len(updates))
        batched = lab.fact("executemany flags", [u.executemany for u in updates])
        rows = [row for u in updates for row in (u.values if u.executemany else [u.values])]
        ids_in_order = lab.fact("ids in the order the UPDATE's parameter sets were sent", [row[-1] for row in rows])
        lab.fact("each parameter set carries that row's own status",
                 [row[0] for row in rows] == [by_id[i].status for i in ids_in_order])
        lab.fact("the UPDATE's parameter sets (status, id)", rows)
        has_case = lab.fact("an UPDATE uses CASE", any(u.mentions("CASE") for u in updates))
        session.commit()

    with lab.other_connection() as other:
        lab.fact("committed statuses by id", dict(other.execute(select(Ticket.id, Ticket.status)).all()))

    return {
        "A": executions == 3 and ids_in_order == [3, 1, 2],
        "B": executions == 3 and ids_in_order == [1, 2, 3],
        "C": executions == 1 and batched == [True] and ids_in_order == [3, 1, 2],
        "D": executions == 1 and batched == [True] and ids_in_order == [1, 2, 3],
        "E": executions == 1 and has_case,
        "F": executions == 1 and batched == [True] and ids_in_order == [3, 2, 1],
    }


if __name__ == "__main__":
    run_alone(__file__)

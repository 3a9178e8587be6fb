"""An ORM select() autoflushes pending objects first; inside no_autoflush it does not, and the object stays pending."""

from sqlalchemy import String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Item(Base):
    __tablename__ = "item"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)

    # The question's code.
    with Session(lab.engine) as session:
        item = Item(name="pending")
        with lab.capture() as adding:
            session.add(item)
        with lab.capture() as whole_block:
            with session.no_autoflush:
                with lab.capture() as query_1:
                    first = session.scalars(select(Item)).all()                       # (1)
        pending_after_1 = lab.fact("item in session.new after (1)", item in session.new)
        with lab.capture() as query_2:
            second = session.scalars(select(Item)).all()                              # (2)
        lab.fact("status of item after (2)", lab.state(item).status)
        session.rollback()

    lab.fact("statements add() sent", adding.kinds())
    sent_1 = lab.fact("statements (1) sent", query_1.queries.kinds())
    lab.fact("statements the no_autoflush block sent", whole_block.queries.kinds())
    sent_2 = lab.fact("statements (2) sent", query_2.queries.kinds())
    lab.fact("rows (1) and (2) returned", [len(first), len(second)])
    same = lab.fact("(2) returned item itself", second == [item] and second[0] is item)

    return {
        "A": adding.count("INSERT") == 1,
        "B": first == [] and second == [],
        "C": sent_1 == ["SELECT"] and first == [] and pending_after_1
        and sent_2 == ["INSERT", "SELECT"] and same,
        "D": second == [] and query_2.count("INSERT") == 0,
        "E": whole_block.count("INSERT") > query_1.count("INSERT") and query_2.count("INSERT") == 0,
        "F": sent_1 == ["INSERT", "SELECT"],
    }


if __name__ == "__main__":
    run_alone(__file__)

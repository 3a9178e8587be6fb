"""offset() without limit(): each dialect invents the missing LIMIT its own way, and the rows are the same."""

import re

from sqlalchemy import insert, select, text
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Item(Base):
    __tablename__ = "item"
    id: Mapped[int] = mapped_column(primary_key=True)


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        Base.metadata.create_all(lab.engine)
        with lab.engine.begin() as conn:
            conn.execute(insert(Item), [{"id": i} for i in range(1, 26)])

    with Session(lab.engine) as session, lab.capture() as sent:
        rows = lab.attempt("offset(20) without limit()",
                           lambda: session.scalars(select(Item.id).order_by(Item.id).offset(20)).all())
    statement = sent.of_kind("SELECT")[0]
    tail = lab.fact("the statement after ORDER BY", " ".join(statement.sql.split()).split("ORDER BY item.id ")[1])
    values = lab.fact("its bound values", statement.values)
    rendered = {
        "sqlite": tail.startswith("LIMIT ? OFFSET ?") and values == [-1, 20],
        "postgresql": tail.startswith("LIMIT ALL OFFSET") and values == [20],
        "mariadb": re.fullmatch(r"LIMIT \S+, 18446744073709551615", tail) is not None and values == [20],
    }[lab.backend]

    with lab.engine.connect() as conn:
        bare = lab.attempt("a hand-written bare OFFSET", lambda: conn.scalars(
            text("SELECT id FROM item ORDER BY id OFFSET 20")).all())
    lab.fact("a bare OFFSET is accepted as the text says for this backend",
             bare.ok == (lab.backend == "postgresql"))

    return {
        "A": not rows.ok,
        "B": rows.ok and rows.value == [21, 22, 23, 24, 25] and rendered,
        "C": rows.ok and rows.value == [21, 22, 23, 24, 25] and tail.startswith("OFFSET"),
        "D": rows.ok and rows.value == [21, 22, 23, 24, 25] and 20 not in values,
    }


if __name__ == "__main__":
    run_alone(__file__)

"""On MariaDB a DDL statement commits the transaction it runs in, so a rollback-per-test fixture keeps
whatever the test wrote before its CREATE TABLE, while SQLAlchemy still reports the transaction as active."""

from sqlalchemy import String, insert, inspect, select, text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Item(Base):
    __tablename__ = "item"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(30))


def names_another_connection_sees(lab: Lab) -> list[str]:
    with lab.other_connection() as other:  # a new connection, so a new snapshot under REPEATABLE READ
        return sorted(other.scalars(select(Item.name)))


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)

    with lab.engine.connect() as conn, lab.capture():
        outer = conn.begin()
        conn.execute(insert(Item), {"name": "before"})
        ddl = lab.attempt(
            "CREATE TABLE scratch: rowcount", lambda: conn.execute(text("CREATE TABLE scratch (id INT PRIMARY KEY)")).rowcount
        )
        conn.execute(insert(Item), {"name": "after"})

        seen_at_here = lab.fact("names another connection sees at (here)", names_another_connection_sees(lab))
        with lab.other_connection() as other:
            lab.fact("another connection sees table scratch at (here)", inspect(other).has_table("scratch"))
        active_at_here = lab.fact("outer.is_active at (here)", outer.is_active)
        with lab.capture() as teardown:
            outer.rollback()
        lab.fact("statements outer.rollback() sent", teardown.kinds())

    left = lab.fact("names left after outer.rollback()", names_another_connection_sees(lab))
    scratch_exists = lab.fact("table scratch exists after outer.rollback()", inspect(lab.engine).has_table("scratch"))

    return {
        "A": not scratch_exists,
        "B": left == ["before"],
        "C": not ddl.ok,
        "D": left == [],
        "E": active_at_here and teardown.count("ROLLBACK") == 1,
        "F": seen_at_here == ["before"],
    }


if __name__ == "__main__":
    run_alone(__file__)

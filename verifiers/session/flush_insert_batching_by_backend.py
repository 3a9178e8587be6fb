"""How a flush of five new objects with database-generated ids reaches each backend's cursor."""

from sqlalchemy import String
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Item(Base):
    __tablename__ = "item"
    id: Mapped[int] = mapped_column(primary_key=True)  # autoincrement: the database makes the ids
    name: Mapped[str] = mapped_column(String(50))


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)

    with Session(lab.engine) as session:
        items = [Item(name=f"item {n}") for n in range(5)]
        session.add_all(items)
        with lab.capture() as sql:
            session.flush()
        inserts = sql.of_kind("INSERT")
        executions = lab.fact("INSERT executions", len(inserts))
        # Item has one column to insert, so the number of values bound to an execution is its number of rows.
        rows = lab.fact("rows carried by each INSERT execution", [len(s.parameters) for s in inserts])
        returning = lab.fact("every INSERT ends with RETURNING", all(s.mentions("RETURNING") for s in inserts))
        select_form = lab.fact("the INSERT selects from a VALUES list ordered by a counter",
                               any(s.mentions("SELECT") and s.mentions("VALUES") and s.mentions("ORDER")
                                   and s.mentions("sen_counter") for s in inserts))
        # before_cursor_execute flags every batch of an ORM flush as executemany, a one-statement
        # "insertmanyvalues" batch and each row sent alone included; only a cursor.executemany() gets a
        # list of parameter sets.
        batched = lab.fact("INSERT executions that are a cursor.executemany() of parameter sets",
                           [s.executemany and isinstance(s.parameters, (list, tuple))
                            and all(isinstance(row, (list, tuple, dict)) for row in s.parameters) for s in inserts])
        selects = lab.fact("SELECTs the flush sent", sql.count("SELECT"))
        lab.fact("ids given to the objects, in add_all() order", [i.id for i in items])
        session.rollback()

    one_for_all = executions == 1 and batched == [False] and rows == [5] and returning
    row_by_row_returning = executions == 5 and batched == [False] * 5 and rows == [1] * 5 and returning
    row_by_row_lastrowid = (executions == 5 and batched == [False] * 5 and rows == [1] * 5
                            and not returning and selects == 0)
    batch_then_select = executions == 1 and batched == [True] and rows == [5] and not returning and selects == 1

    # Each option states every backend's part; a run decides the part for its own backend.
    return {
        "A": batch_then_select,
        "B": row_by_row_lastrowid,
        "C": {"postgresql": row_by_row_returning,
              "mariadb": row_by_row_lastrowid,
              "sqlite": one_for_all and not select_form}[lab.backend],
        "D": {"postgresql": batch_then_select,
              "mariadb": batch_then_select,
              "sqlite": one_for_all}[lab.backend],
        "E": {"postgresql": one_for_all and select_form,
              "mariadb": one_for_all and not select_form,
              "sqlite": row_by_row_returning}[lab.backend],
    }


if __name__ == "__main__":
    run_alone(__file__)

"""stream_results / yield_per ask the driver for a server-side cursor where it has one."""

from sqlalchemy import insert, select
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Item(Base):
    __tablename__ = "item"
    id: Mapped[int] = mapped_column(primary_key=True)


def cursor_class(lab: Lab, **options) -> tuple[str, int, int]:
    """Run the query with the execution options.

    The DBAPI cursor's class, how many rows came back, and the cursor's rowcount before any row was read.
    """
    with lab.engine.connect() as conn:
        result = conn.execution_options(**options).execute(select(Item.id))
        name = type(result.cursor).__name__
        rowcount_up_front = result.cursor.rowcount
        rows = len(result.all())
    return name, rows, rowcount_up_front


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        Base.metadata.create_all(lab.engine)
        with lab.engine.begin() as conn:
            conn.execute(insert(Item), [{"id": i} for i in range(1, 101)])

    with lab.capture():
        plain = lab.fact("default cursor class, rows", cursor_class(lab))
        streamed = lab.fact("stream_results=True cursor class, rows", cursor_class(lab, stream_results=True))
        per = lab.fact("yield_per=10 cursor class, rows", cursor_class(lab, yield_per=10))

    # rowcount before reading: 100 when the driver has fetched everything, -1 (2**64 - 1 from PyMySQL) when it has not.
    fetched_up_front = [c[2] == 100 for c in (plain, streamed, per)]
    lab.fact("rowcount before reading is as the text says for this backend",
             fetched_up_front == ([False, False, False] if lab.backend == "sqlite" else [True, False, False]))

    expected = {"postgresql": "ServerCursor", "mariadb": "SSCursor", "sqlite": "Cursor"}[lab.backend]
    return {
        "A": streamed[0] == per[0] == expected and plain[0] == "Cursor"
        and plain[1] == streamed[1] == per[1] == 100,
        "B": streamed[0] != "Cursor" if lab.backend == "sqlite" else streamed[0] == plain[0],
        "C": streamed[1] != 100,
        "D": per[0] == plain[0] and streamed[0] != plain[0],
    }


if __name__ == "__main__":
    run_alone(__file__)

"""CursorResult.rowcount after single-row upserts: -1 from psycopg 3 unless preserved, 1/2/1 from MariaDB with FOUND_ROWS."""

from sqlalchemy import String, event, insert, select, update
from sqlalchemy.dialects import mysql, postgresql
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Stock(Base):
    __tablename__ = "stock"
    sku: Mapped[str] = mapped_column(String(10), primary_key=True)
    qty: Mapped[int]


def upsert(backend: str, row: dict):
    """Each dialect's insert-or-update, setting qty from the proposed row."""
    if backend == "mariadb":
        stmt = mysql.insert(Stock).values(row)
        return stmt.on_duplicate_key_update(qty=stmt.inserted.qty)
    stmt = postgresql.insert(Stock).values(row)
    return stmt.on_conflict_do_update(index_elements=[Stock.sku], set_={"qty": stmt.excluded.qty})


PROPOSED = [{"sku": "b", "qty": 1},   # (1) a new key
            {"sku": "a", "qty": 5},   # (2) an existing key, a new qty
            {"sku": "a", "qty": 5}]   # (3) an existing key, the qty it already holds


def is_closed(cursor) -> bool:
    """Whether a DBAPI cursor has been closed: psycopg says so, PyMySQL drops its connection."""
    return cursor.closed if hasattr(cursor, "closed") else cursor.connection is None


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        Base.metadata.create_all(lab.engine)
        with lab.engine.begin() as conn:
            conn.execute(insert(Stock), [{"sku": "a", "qty": 1}])

    cursors = []  # each upsert's DBAPI cursor, with its rowcount while still open

    @event.listens_for(lab.engine, "after_cursor_execute")
    def keep_cursor(conn, cursor, statement, parameters, context, executemany):
        cursors.append((cursor, cursor.rowcount))

    closed_before_read = []
    with lab.capture():
        with lab.engine.begin() as conn:
            result = conn.execute(upsert(lab.backend, PROPOSED[0]))
            closed_before_read.append(is_closed(cursors[-1][0]))
            r1 = result.rowcount
            result = conn.execute(upsert(lab.backend, PROPOSED[1]))
            closed_before_read.append(is_closed(cursors[-1][0]))
            r2 = result.rowcount
            result = conn.execute(upsert(lab.backend, PROPOSED[2]))
            closed_before_read.append(is_closed(cursors[-1][0]))
            r3 = result.rowcount
    counts = lab.fact("r1, r2, r3", [r1, r2, r3])
    while_open = lab.fact("cursor.rowcount while each cursor was open", [open_count for _, open_count in cursors])
    lab.fact("while open: 1, 1, 1 from psycopg 3, 1, 2, 1 from PyMySQL",
             while_open == {"postgresql": [1, 1, 1], "mariadb": [1, 2, 1]}[lab.backend])
    lab.fact("each cursor was already closed when rowcount was read", closed_before_read)
    lab.fact("rowcount equals what the closed cursor reports", counts == [cursor.rowcount for cursor, _ in cursors])
    lab.fact("closed cursors: -1 from psycopg 3, the count while open from PyMySQL",
             [cursor.rowcount for cursor, _ in cursors]
             == {"postgresql": [-1, -1, -1], "mariadb": while_open}[lab.backend])
    with lab.other_connection() as other:
        lab.fact("rows after the three upserts", [tuple(r) for r in other.execute(select(Stock).order_by(Stock.sku))])

    with lab.engine.begin() as conn:
        lab.fact("a plain UPDATE of one row: rowcount by default",
                 conn.execute(update(Stock).where(Stock.sku == "a").values(qty=7)).rowcount)

    # The same three upserts from the same starting row, with preserve_rowcount=True.
    with lab.setup():
        with lab.engine.begin() as conn:
            conn.execute(Stock.__table__.delete())
            conn.execute(insert(Stock), [{"sku": "a", "qty": 1}])
    cursors.clear()
    with lab.engine.begin() as conn:
        kept = conn.execution_options(preserve_rowcount=True)
        preserved = [kept.execute(upsert(lab.backend, row)).rowcount for row in PROPOSED]
    event.remove(lab.engine, "after_cursor_execute", keep_cursor)
    lab.fact("r1, r2, r3 with preserve_rowcount=True", preserved)
    lab.fact("with preserve_rowcount=True, rowcount equals cursor.rowcount while the cursor was open",
             preserved == [open_count for _, open_count in cursors])
    lab.fact("r3 with preserve_rowcount=True", preserved[2])
    lab.fact("with preserve_rowcount=True: 1, 1, 1 on PostgreSQL, 1, 2, 1 on MariaDB",
             preserved == {"postgresql": [1, 1, 1], "mariadb": [1, 2, 1]}[lab.backend])

    return {
        "A": {"postgresql": counts == [1, 1, 1], "mariadb": counts == [1, 2, 0]}[lab.backend],
        "B": counts == [1, 1, 0],
        "C": counts == [1, 1, 1],
        "D": {"postgresql": counts == [-1, -1, -1], "mariadb": counts == [1, 2, 1]}[lab.backend],
        "E": counts == [1, 0, 0],
    }


if __name__ == "__main__":
    run_alone(__file__)

"""text() statements that differ only in bindparam(expanding=True) share one cache key, so the first compilation is reused."""

from sqlalchemy import Column, Connection, Integer, MetaData, Table, TextClause, bindparam, exc, insert, text

from verifiers import Lab, run_alone

metadata = MetaData()
item = Table("item", metadata, Column("id", Integer, primary_key=True, autoincrement=False))

SQL = "SELECT id FROM item WHERE id IN :ids ORDER BY id"


def run(conn: Connection, statement: TextClause) -> tuple[list[int] | None, str | None]:
    """The ids returned, or the name of the error raised."""
    try:
        return [row.id for row in conn.execute(statement, {"ids": [1, 2, 3]})], None
    except exc.DBAPIError as error:
        return None, type(error).__name__


def prove(lab: Lab) -> dict[str, bool]:
    metadata.create_all(lab.engine)
    with lab.engine.begin() as conn:
        conn.execute(insert(item), [{"id": n} for n in range(1, 6)])

    plain = text(SQL)
    expanding = text(SQL).bindparams(bindparam("ids", expanding=True))
    same_key = lab.fact(
        "plain and expanding have equal cache keys", plain._generate_cache_key() == expanding._generate_cache_key()
    )

    with lab.capture() as first_sql, lab.engine.connect() as conn:
        first = lab.fact("first execute (plain): rows, error", run(conn, plain))
    with lab.capture() as second_sql, lab.engine.connect() as conn:
        second = lab.fact("second execute (expanding): rows, error", run(conn, expanding))
    with lab.capture() as uncached_sql, lab.engine.connect() as conn:
        uncached = lab.fact(
            "expanding with compiled_cache=None: rows, error",
            run(conn.execution_options(compiled_cache=None), expanding),
        )

    # The same two statements in the other order, on an engine with its own, empty cache.
    reversed_engine = lab.make_engine(label="reversed")
    with lab.capture() as fresh_sql, reversed_engine.connect() as conn:
        fresh = run(conn, expanding)
    lab.fact(
        "expanding on a fresh engine: rows, IN-list sizes",
        [fresh[0], [s.in_list_sizes for s in fresh_sql.of_kind("SELECT")]],
    )
    with lab.capture() as reversed_sql, reversed_engine.connect() as conn:
        lab.fact("plain after expanding, on a fresh engine: rows, error", run(conn, plain))
    reversed_select = reversed_sql.of_kind("SELECT")[0]
    lab.fact("plain after expanding: statement sent", reversed_select.sql)

    plain_fails_here = lab.backend in ("postgresql", "sqlite")
    lab.fact(
        "(1) and (2) fail on PostgreSQL and SQLite and return rows on MariaDB",
        [first[1] is not None, second[1] is not None] == [plain_fails_here, plain_fails_here]
        and (plain_fails_here or (first[0] is not None and second[0] is not None)),
    )

    first_select = first_sql.of_kind("SELECT")[0]
    second_select = second_sql.of_kind("SELECT")[0]
    uncached_select = uncached_sql.of_kind("SELECT")[0]
    lab.fact("first statement sent", first_select.sql)
    lab.fact("second statement sent", second_select.sql)
    lab.fact("statement sent without the cache", uncached_select.sql)
    second_sizes = lab.fact("IN-list sizes in the second statement", second_select.in_list_sizes)
    uncached_sizes = lab.fact("IN-list sizes without the cache", uncached_select.in_list_sizes)

    return {
        "A": second_sizes == [3],
        "B": second_select.sql == first_select.sql and second_sizes == [],
        "C": not same_key,
        "D": uncached_sizes == [3] and uncached == ([1, 2, 3], None),
        "E": reversed_select.in_list_sizes == [3],
    }


if __name__ == "__main__":
    run_alone(__file__)

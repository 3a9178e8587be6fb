"""The engine log says, per execution, whether the compiled statement came from the cache."""

from sqlalchemy import String, insert, literal_column, select, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from verifiers import CacheNotes, Lab, run_alone


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))


def notes_for_pair(engine: Engine, log: CacheNotes, first, second) -> tuple[str, str]:
    """Run two statements, in order, on one new connection; the cache note each one logged."""
    # A Connection decides whether to log when it is created, so it is opened inside the logging block.
    with engine.connect() as conn:
        return note_of(conn, log, first), note_of(conn, log, second)


def note_of(conn: Connection, log: CacheNotes, statement) -> str:
    before = len(log.notes)
    conn.execute(statement).all()
    new = log.notes[before:]
    return new[-1] if new else "no note logged"


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)
    with lab.engine.begin() as conn:
        conn.execute(insert(User), [{"id": n, "name": f"u{n}"} for n in (1, 2, 3)])

    no_cache = lab.make_engine(label="no_cache", query_cache_size=0)
    with lab.cache_notes() as log:
        with lab.capture() as limit_sql:
            limit = notes_for_pair(
                lab.engine, log, select(User.id).order_by(User.id).limit(1), select(User.id).order_by(User.id).limit(2)
            )
        with lab.capture() as in_sql:
            in_list = notes_for_pair(
                lab.engine, log, select(User.id).where(User.id.in_([1])), select(User.id).where(User.id.in_([1, 2, 3]))
            )
        with lab.capture():
            f_string = notes_for_pair(
                lab.engine, log, text(f"SELECT id FROM users WHERE id = {1}"), text(f"SELECT id FROM users WHERE id = {2}")
            )
        with lab.capture() as literal_sql:
            literal = notes_for_pair(
                lab.engine,
                log,
                select(User.id).where(User.id == literal_column(str(1))),
                select(User.id).where(User.id == literal_column(str(2))),
            )
        with lab.capture():
            disabled = notes_for_pair(no_cache, log, select(User.id).where(User.id == 1), select(User.id).where(User.id == 1))
        with lab.capture():
            same_text = notes_for_pair(
                lab.engine, log, text("SELECT name FROM users WHERE id = 2"), text("SELECT name FROM users WHERE id = 2")
            )

    lab.fact("limit(1) then limit(2)", limit)
    limit_values = [s.values for s in limit_sql.of_kind("SELECT")]  # SQLite also binds an OFFSET of 0
    lab.fact("limit(1) then limit(2): the LIMIT is among the values bound", [1 in limit_values[0], 2 in limit_values[1]])
    lab.fact("in_([1]) then in_([1, 2, 3])", in_list)
    lab.fact("in_([1]) then in_([1, 2, 3]): IN list sizes sent", [s.in_list_sizes for s in in_sql.of_kind("SELECT")])
    lab.fact("text(f-string) with 1 then 2", f_string)
    lab.fact("literal_column(str(1)) then str(2)", literal)
    literal_selects = literal_sql.of_kind("SELECT")
    lab.fact("literal_column(str(1)) then str(2): values bound to each SELECT", [s.values for s in literal_selects])
    lab.fact(
        "literal_column(str(1)) then str(2): each SELECT's text holds its number",
        [s.mentions(n) for s, n in zip(literal_selects, "12")],
    )
    lab.fact("query_cache_size=0, same select twice", disabled)
    lab.fact("the same text() string twice", same_text)

    return {
        "A": limit == ("generated in", "cached since"),
        "B": in_list[1] == "generated in",
        "C": f_string[1] == "generated in",
        "D": literal[1] == "cached since",
        "E": disabled == ("caching disabled", "caching disabled"),
        "F": same_text[1] == "generated in",
    }


if __name__ == "__main__":
    run_alone(__file__)

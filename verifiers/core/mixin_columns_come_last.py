"""Declarative puts a class's own columns first and the mixins' columns after them; sort_order changes that."""

from sqlalchemy import String, inspect, text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Keyed:
    id: Mapped[int] = mapped_column(primary_key=True)


class Audited:
    created: Mapped[str] = mapped_column(String(30), default="now")


class Note(Keyed, Audited, Base):
    __tablename__ = "note"
    title: Mapped[str] = mapped_column(String(50))
    body: Mapped[str] = mapped_column(String(200))


class KeyedFirst:
    id: Mapped[int] = mapped_column(primary_key=True, sort_order=-10)


class SortedNote(KeyedFirst, Audited, Base):
    __tablename__ = "sorted_note"
    title: Mapped[str] = mapped_column(String(50))
    body: Mapped[str] = mapped_column(String(200))


def prove(lab: Lab) -> dict[str, bool]:
    with lab.capture() as ddl:
        Base.metadata.create_all(lab.engine)
    create_note = ddl.of_kind("CREATE TABLE").mentioning("note")[0]
    lab.fact("CREATE TABLE note", create_note.sql)
    lab.fact("CREATE TABLE note has a separate PRIMARY KEY (id) clause", "PRIMARY KEY (id)" in create_note.sql)

    table_order = lab.fact("Note.__table__.c.keys()", Note.__table__.c.keys())
    sorted_order = lab.fact("SortedNote.__table__.c.keys()", SortedNote.__table__.c.keys())

    # The order the database itself holds: reflected, and as SELECT * returns it.
    reflected = lab.fact("columns of note, reflected", [c["name"] for c in inspect(lab.engine).get_columns("note")])
    reflected_sorted = lab.fact(
        "columns of sorted_note, reflected", [c["name"] for c in inspect(lab.engine).get_columns("sorted_note")]
    )
    with lab.engine.connect() as conn:
        star = lab.fact("keys of SELECT * FROM note", list(conn.execute(text("SELECT * FROM note")).keys()))

    own_then_mixins = ["title", "body", "id", "created"]
    return {
        "A": table_order == ["id", "created", "title", "body"],
        "B": table_order == own_then_mixins and reflected == own_then_mixins and star == own_then_mixins,
        "C": table_order == sorted(table_order),
        "D": table_order[0] == "id",
        "E": reflected[0] == "id" and star[0] == "id",
        "F": sorted_order == ["id", "title", "body", "created"] and reflected_sorted == sorted_order,
    }


if __name__ == "__main__":
    run_alone(__file__)

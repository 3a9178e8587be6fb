"""Two tables that refer to each other: the unit of work cannot order the INSERTs until post_update breaks the cycle."""

from sqlalchemy import ForeignKey, select
from sqlalchemy.exc import CircularDependencyError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship

from verifiers import Lab, run_alone


class CycleBase(DeclarativeBase):  # without post_update
    pass


class Widget(CycleBase):
    __tablename__ = "widget"
    id: Mapped[int] = mapped_column(primary_key=True)
    favorite_entry_id: Mapped[int | None] = mapped_column(ForeignKey("entry.id", use_alter=True))
    favorite: Mapped["Entry | None"] = relationship(foreign_keys=[favorite_entry_id])
    entries: Mapped[list["Entry"]] = relationship(foreign_keys="Entry.widget_id")


class Entry(CycleBase):
    __tablename__ = "entry"
    id: Mapped[int] = mapped_column(primary_key=True)
    widget_id: Mapped[int | None] = mapped_column(ForeignKey("widget.id"))


class Base(DeclarativeBase):  # the same, with post_update=True on the favorite
    pass


class Gadget(Base):
    __tablename__ = "gadget"
    id: Mapped[int] = mapped_column(primary_key=True)
    favorite_note_id: Mapped[int | None] = mapped_column(ForeignKey("note.id", use_alter=True))
    favorite: Mapped["Note | None"] = relationship(foreign_keys=[favorite_note_id], post_update=True)
    notes: Mapped[list["Note"]] = relationship(foreign_keys="Note.gadget_id")


class Note(Base):
    __tablename__ = "note"
    id: Mapped[int] = mapped_column(primary_key=True)
    gadget_id: Mapped[int | None] = mapped_column(ForeignKey("gadget.id"))


def table_of(sql: str) -> str:
    words = sql.split()
    return words[1] if words[0].upper() == "UPDATE" else words[words.index("INTO" if "INTO" in words else "FROM") + 1]


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        CycleBase.metadata.create_all(lab.engine)
        Base.metadata.create_all(lab.engine)

    with Session(lab.engine) as session:
        entry = Entry(id=1)
        session.add(Widget(id=1, entries=[entry], favorite=entry))
        with lab.capture() as cycle_flush:
            cycle = lab.attempt("flushing a new widget and entry without post_update", session.flush)
        session.rollback()
    lab.fact("statements sent by that flush", cycle_flush.kinds())

    with Session(lab.engine) as session:
        note = Note(id=1)
        gadget = Gadget(id=1, notes=[note], favorite=note)
        session.add(gadget)
        with lab.capture() as inserting:
            session.commit()
        insert_order = lab.fact("with post_update: the commit's statements, by kind and table",
                                [f"{s.kind} {table_of(s.sql)}" for s in inserting.queries])
        lab.fact("with post_update: the INSERT of gadget's values (id, favorite_note_id)", inserting.queries[0].values)
        set_favorite = lab.fact("with post_update: the UPDATE's values (favorite_note_id, id)", inserting.queries[-1].values)
        session.delete(gadget)
        session.delete(note)
        with lab.capture() as deleting:
            session.commit()
        writes = [s for s in deleting.queries if s.kind != "SELECT"]
        delete_order = lab.fact("with post_update: deleting both, by kind and table",
                                [f"{s.kind} {table_of(s.sql)}" for s in writes])
        clear_favorite = lab.fact("with post_update: the deleting UPDATE's values (favorite_note_id, id)",
                                  writes[0].values if writes else None)

    with lab.other_connection() as other:
        left = lab.fact("gadget rows left", other.scalars(select(Gadget.id)).all())

    return {
        "A": insert_order[:1] == ["UPDATE gadget"],
        "B": cycle.ok,
        "C": insert_order == ["INSERT gadget", "INSERT note", "UPDATE gadget"] and set_favorite == [1, 1],
        "D": cycle.raised(CircularDependencyError) and len(cycle_flush.queries) == 0,
        "E": delete_order[:1] == ["UPDATE gadget"] and clear_favorite == [None, 1] and left == [],
    }


if __name__ == "__main__":
    run_alone(__file__)

"""Changing a plain JSON value in place is invisible to the ORM: commit writes nothing and the change is lost."""

from dataclasses import dataclass
from typing import Any

from sqlalchemy import JSON, inspect, select
from sqlalchemy.ext.mutable import MutableDict
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column
from sqlalchemy.orm.attributes import flag_modified

from verifiers import Lab, StatementList, run_alone


class Base(DeclarativeBase):
    pass


class Doc(Base):
    __tablename__ = "doc"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)


class TrackedDoc(Base):
    """The same shape with the Mutable extension, for the explanation's last sentence."""

    __tablename__ = "tracked_doc"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    data: Mapped[dict[str, Any]] = mapped_column(MutableDict.as_mutable(JSON))


def stored_data(lab: Lab, cls: type[Doc] | type[TrackedDoc] = Doc) -> dict[str, Any]:
    with lab.other_connection() as other:
        return other.scalar(select(cls.data).where(cls.id == 1))


@dataclass(frozen=True)
class Seen:
    modified: bool  # session.is_modified(doc) before the commit
    pending: list[Any]  # the change recorded for the data attribute (its history's "added") before the commit
    committed: StatementList  # what commit() sent
    expired: list[str]  # doc's expired attributes right after the commit
    after: Any  # data["k"] read after the commit
    read: StatementList  # what that read sent, without transaction control


def change_in_place(lab: Lab, flag: bool) -> Seen:
    """Set data["k"] = 2 in place (and flag the attribute if asked), then commit and read it again."""
    with Session(lab.engine) as session:
        doc = session.get(Doc, 1)
        doc.data["k"] = 2
        if flag:
            flag_modified(doc, "data")
        modified = session.is_modified(doc)
        pending = list(inspect(doc).attrs.data.history.added)
        with lab.capture() as committing:
            session.commit()
        expired = sorted(lab.state(doc).expired_attributes)
        with lab.capture() as reading:
            after = doc.data["k"]
    return Seen(modified, pending, committing, expired, after, reading.queries)


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)
    with Session(lab.engine) as setup:
        setup.add(Doc(id=1, data={"k": 1}))
        setup.add(TrackedDoc(id=1, data={"k": 1, "nested": {"x": 1}}))
        setup.commit()

    # The question's code.
    plain = change_in_place(lab, flag=False)
    lab.fact("in place: session.is_modified(doc) before commit", plain.modified)
    lab.fact("in place: change recorded for data before commit", plain.pending)
    lab.fact("in place: statements commit() sent", plain.committed.kinds())
    lab.fact("in place: expired attributes of doc after commit", plain.expired)
    lab.fact("in place: doc.data['k'] read after commit", plain.after)
    lab.fact("in place: statements that read sent", plain.read.kinds())
    stored = lab.fact("data another connection reads", stored_data(lab))

    # The same change, with flag_modified() before the commit.
    flagged = change_in_place(lab, flag=True)
    lab.fact("in place + flag_modified: session.is_modified(doc) before commit", flagged.modified)
    lab.fact("in place + flag_modified: statements commit() sent", flagged.committed.kinds())
    flagged_updates = flagged.committed.of_kind("UPDATE")
    flagged_stored = lab.fact("data another connection reads after the flagged commit", stored_data(lab))

    # The Mutable extension: a top-level key is tracked, a nested one is not.
    with Session(lab.engine) as session:
        tracked = session.get(TrackedDoc, 1)
        tracked.data["k"] = 2
        with lab.capture() as top_level:
            session.commit()
        tracked.data["nested"]["x"] = 2
        with lab.capture() as nested:
            session.commit()
    lab.fact("MutableDict: statements commit() sent after a top-level change, then after a nested change",
             [top_level.kinds(), nested.kinds()])
    lab.fact("MutableDict: data another connection reads", stored_data(lab, TrackedDoc))

    updates = plain.committed.of_kind("UPDATE")
    return {
        "A": plain.modified,
        "B": updates.count() == 1 and updates[0].mentions("data"),
        "C": plain.after == 1 and stored == {"k": 1},
        "D": plain.after == 2 and stored == {"k": 1},
        "E": flagged_updates.count() == 1 and flagged_updates[0].mentions("data") and flagged_stored == {"k": 2},
    }


if __name__ == "__main__":
    run_alone(__file__)

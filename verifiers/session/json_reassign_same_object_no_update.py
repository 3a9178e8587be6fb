"""Assigning a mutated JSON dict back to its own attribute records no change; a new dict does."""

import copy
from typing import Any

from sqlalchemy import JSON, inspect, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Doc(Base):
    __tablename__ = "doc"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)


def stored_data(lab: Lab, doc_id: int) -> dict[str, Any]:
    with lab.other_connection() as other:
        return other.scalar(select(Doc.data).where(Doc.id == doc_id))


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)
    with lab.setup(), Session(lab.engine) as setup:
        setup.add_all([Doc(id=i, data={"k": 1}) for i in (1, 2, 3, 4)])
        setup.commit()

    # The question's code: mutate the loaded dict, then assign that same dict back.
    with Session(lab.engine) as session:
        doc = session.get(Doc, 1)
        with lab.capture() as same_object:
            d = doc.data
            d["k"] = 2
            doc.data = d  # (1)
            in_dirty = lab.fact("same dict: doc in session.dirty after (1)", doc in session.dirty)
            modified = lab.fact("same dict: session.is_modified(doc) after (1)", session.is_modified(doc))
            history = inspect(doc).attrs.data.history
            lab.fact("same dict: history of data after (1) (added, unchanged)",
                     [list(history.added), list(history.unchanged)])
            session.commit()
            printed = lab.fact("same dict: doc.data printed after commit", doc.data)
    lab.fact("same dict: statements sent", same_object.kinds())
    stored_same = lab.fact("same dict: data another connection reads", stored_data(lab, 1))

    # Option D's alternative: leave the loaded dict untouched, build a new dict and assign it.
    with Session(lab.engine) as session:
        doc = session.get(Doc, 2)
        with lab.capture() as new_object:
            d = doc.data
            doc.data = {**d, "k": 2}
            lab.fact("new dict: session.is_modified(doc) after the assignment", session.is_modified(doc))
            session.commit()
    new_updates = new_object.of_kind("UPDATE")
    lab.fact("new dict: statements sent", new_object.kinds())
    stored_new = lab.fact("new dict: data another connection reads", stored_data(lab, 2))

    # The explanation: a deep copy that is then changed is written too...
    with Session(lab.engine) as session:
        doc = session.get(Doc, 3)
        with lab.capture() as deep_copy:
            d = copy.deepcopy(doc.data)
            d["k"] = 2
            doc.data = d
            session.commit()
    lab.fact("deep copy: UPDATEs the commit sent", deep_copy.count("UPDATE"))

    # ...but once the loaded dict was edited in place, a new dict with the same content is not.
    with Session(lab.engine) as session:
        doc = session.get(Doc, 4)
        with lab.capture() as edited_then_new:
            d = doc.data
            d["k"] = 2
            doc.data = {**d, "k": 2}
            session.commit()
    lab.fact("edited in place, then a new dict: UPDATEs the commit sent", edited_then_new.count("UPDATE"))

    same_updates = same_object.count("UPDATE")
    new_dict_updates = new_updates.count() == 1 and new_updates[0].mentions("data") and stored_new == {"k": 2}
    return {
        "A": same_updates == 1 and printed == {"k": 2},
        "B": not in_dirty,
        "C": same_updates == 0 and printed == {"k": 2},
        "D": same_updates == 0 and printed == {"k": 1} and stored_same == {"k": 1} and new_dict_updates,
        "E": same_updates == 0 and new_updates.count() == 0,
    }


if __name__ == "__main__":
    run_alone(__file__)

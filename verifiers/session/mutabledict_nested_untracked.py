"""MutableDict tracks top-level keys only: a nested edit is lost unless a tracked change rewrites the whole value."""

import copy
import json
from typing import Any

from sqlalchemy import JSON, select
from sqlalchemy.ext.mutable import MutableDict
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column
from sqlalchemy.orm.attributes import flag_modified

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Doc(Base):
    __tablename__ = "doc"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    data: Mapped[dict[str, Any]] = mapped_column(MutableDict.as_mutable(JSON))


def as_json(bound: Any) -> Any:
    """A bound JSON value as Python data: a serialized string, or psycopg's Json wrapper (its .obj)."""
    bound = getattr(bound, "obj", bound)
    return json.loads(bound) if isinstance(bound, str) else bound


def stored_data(lab: Lab) -> dict[str, Any]:
    with lab.other_connection() as other:
        return other.scalar(select(Doc.data).where(Doc.id == 1))


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)
    with lab.setup(), Session(lab.engine) as setup:
        setup.add(Doc(id=1, data={"k": 1, "nested": {"x": 1}}))
        setup.commit()

    # The question's code.
    with Session(lab.engine) as session:
        doc = session.get(Doc, 1)
        with lab.capture() as first:
            doc.data["nested"]["x"] = 2
            nested_type = lab.fact("type of doc.data['nested']", type(doc.data["nested"]).__name__)
            lab.fact("types of doc.data and doc.data['nested']",
                     [type(doc.data).__name__, type(doc.data["nested"]).__name__])
            modified = lab.fact("session.is_modified(doc) after the nested edit", session.is_modified(doc))
            session.commit()  # (1)
            lab.fact("expired attributes of doc after commit (1)", sorted(lab.state(doc).expired_attributes))
        lab.fact("statements commit (1) sent", first.kinds())
        with lab.capture() as reading:
            printed = lab.fact("doc.data printed after commit (1)", copy.deepcopy(doc.data))
        lab.fact("statements the read after commit (1) sent", reading.kinds())

        with lab.capture() as second:
            doc.data["nested"]["x"] = 3
            doc.data["k"] = 2
            session.commit()  # (2)
        lab.fact("statements commit (2) sent", second.kinds())
        updates = second.of_kind("UPDATE")
        whole_document = lab.fact("the UPDATE of commit (2) binds the whole document",
                                  updates.count() == 1
                                  and {"k": 2, "nested": {"x": 3}} in [as_json(v) for v in updates[0].values])
    stored_after_2 = lab.fact("data another connection reads after commit (2)", stored_data(lab))

    # Option F: replacing the nested dict through the top-level key.
    with Session(lab.engine) as session:
        doc = session.get(Doc, 1)
        with lab.capture() as replacing:
            doc.data["nested"] = {"x": 4}
            replaced_modified = lab.fact("session.is_modified(doc) after data['nested'] = {...}",
                                         session.is_modified(doc))
            session.commit()
        lab.fact("statements that commit sent", replacing.kinds())
    stored_after_replace = lab.fact("data another connection reads after replacing nested", stored_data(lab))

    # The explanation's advice: flag the attribute after a nested edit.
    with Session(lab.engine) as session:
        doc = session.get(Doc, 1)
        doc.data["nested"]["x"] = 5
        flag_modified(doc, "data")
        with lab.capture() as flagged:
            session.commit()
        lab.fact("statements the commit sent after a nested edit + flag_modified()", flagged.kinds())

    return {
        "A": nested_type == "MutableDict",
        "B": modified,
        "C": first.count("UPDATE") == 0 and printed == {"k": 1, "nested": {"x": 1}},
        "D": whole_document and updates[0].mentions("data") and stored_after_2 == {"k": 2, "nested": {"x": 3}},
        "E": updates.count() == 1 and stored_after_2 == {"k": 2, "nested": {"x": 1}},
        "F": not (replaced_modified and replacing.count("UPDATE") == 1
                  and stored_after_replace == {"k": 2, "nested": {"x": 4}}),
    }


if __name__ == "__main__":
    run_alone(__file__)

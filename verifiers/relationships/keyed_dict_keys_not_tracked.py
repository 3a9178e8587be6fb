"""A dictionary collection keyed on an attribute: the key is taken when the item goes in, not kept in step."""

import warnings

from sqlalchemy import ForeignKey, String, insert
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, attribute_keyed_dict, mapped_column, relationship

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Parent(Base):
    __tablename__ = "parent"
    id: Mapped[int] = mapped_column(primary_key=True)
    children: Mapped[dict[str, "Child"]] = relationship(collection_class=attribute_keyed_dict("name"))


class Child(Base):
    __tablename__ = "child"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(10))
    parent_id: Mapped[int] = mapped_column(ForeignKey("parent.id"))


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        Base.metadata.create_all(lab.engine)
        with lab.engine.begin() as conn:
            conn.execute(insert(Parent).values(id=1))
            conn.execute(insert(Child).values(id=1, name="x", parent_id=1))

    with Session(lab.engine) as session, warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        p = session.get(Parent, 1)
        p.children["x"].name = "y"
        renamed_keys = lab.fact("keys after renaming child x to y", sorted(p.children))
        mismatched = lab.attempt('p.children["k1"] = Child(id=2, name="other")',
                                 lambda: p.children.__setitem__("k1", Child(id=2, name="other")))
        before_commit = lab.fact("keys before the commit", sorted(p.children))
        stored_name = lab.fact("the name of the child stored under k1", p.children["k1"].name)
        session.commit()
        after_commit = lab.fact("keys after the commit (reloaded)", sorted(p.children))
    warned = lab.fact("warnings while the question's code ran", [str(w.message) for w in caught])

    return {
        "A": renamed_keys == ["y"],
        "B": renamed_keys == ["x"] and mismatched.ok and before_commit == ["k1", "x"]
        and after_commit == ["other", "y"] and warned == [],
        "C": not mismatched.ok,
        "D": stored_name == "k1",
    }


if __name__ == "__main__":
    run_alone(__file__)

"""Loading a keyed dictionary collection when two children share a key: one of them silently disappears."""

import warnings

from sqlalchemy import ForeignKey, String, func, insert, select
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
            conn.execute(insert(Child), [{"id": 1, "name": "dup", "parent_id": 1},
                                         {"id": 2, "name": "dup", "parent_id": 1},
                                         {"id": 3, "name": "solo", "parent_id": 1}])

    with Session(lab.engine) as session:
        p = session.get(Parent, 1)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            loading = lab.attempt("len(p.children)", lambda: len(p.children))
        said = lab.fact("warnings while loading", [str(w.message)[:80] for w in caught])
        keys = lab.fact("keys", sorted(p.children) if loading.ok else None)
        under_dup = p.children.get("dup") if loading.ok else None
        lab.fact("the value under 'dup' is a Child", isinstance(under_dup, Child))
        rows = lab.fact("child rows of parent 1", session.scalar(
            select(func.count()).select_from(Child).where(Child.parent_id == 1)))

    return {
        "A": loading.ok and loading.value == 3,
        "B": not loading.ok,
        "C": isinstance(under_dup, list),
        "D": loading.ok and loading.value == 2 and rows == 3 and said == [],
    }


if __name__ == "__main__":
    run_alone(__file__)

"""A one-to-one (uselist=False) that finds two rows: the lazy load warns and picks one; nothing raises."""

import warnings

from sqlalchemy import ForeignKey, String, insert
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Parent(Base):
    __tablename__ = "parent"
    id: Mapped[int] = mapped_column(primary_key=True)
    child: Mapped["Child"] = relationship()     # scalar: uselist=False


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
            conn.execute(insert(Child), [{"id": 1, "name": "first", "parent_id": 1},
                                         {"id": 2, "name": "second", "parent_id": 1}])

    with Session(lab.engine) as session:
        p = session.get(Parent, 1)
        with lab.capture() as loading, warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            read = lab.attempt("p.child", lambda: p.child)
        said = lab.fact("warnings while loading p.child",
                        [f"{w.category.__name__}: {w.message}" for w in caught])
        got = read.value if read.ok else None
        lab.fact("p.child is a Child", isinstance(got, Child))
        lab.fact("SELECTs the lazy load sent", loading.count("SELECT"))

    warned = any(s.startswith("SAWarning: Multiple rows returned with uselist=False") for s in said)
    return {
        "A": read.ok and got is None,
        "B": not read.ok,
        "C": read.ok and isinstance(got, Child) and warned,
        "D": read.ok and isinstance(got, list),
    }


if __name__ == "__main__":
    run_alone(__file__)

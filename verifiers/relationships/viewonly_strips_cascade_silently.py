"""viewonly=True quietly drops the cascades that write: delete and delete-orphan included, with no error or warning."""

import warnings

from sqlalchemy import ForeignKey, inspect, insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Parent(Base):
    __tablename__ = "parent"
    id: Mapped[int] = mapped_column(primary_key=True)
    kids: Mapped[list["Kid"]] = relationship(viewonly=True, cascade="all, delete-orphan")


class Kid(Base):
    __tablename__ = "kid"
    id: Mapped[int] = mapped_column(primary_key=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("parent.id"))


def prove(lab: Lab) -> dict[str, bool]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        configured = lab.attempt("configuring the mappers", Base.registry.configure)
    warned = lab.fact("warnings while configuring", [str(w.message)[:80] for w in caught])
    cascade = lab.fact("Parent.kids cascade in effect", sorted(inspect(Parent).relationships["kids"].cascade))

    with lab.setup():
        Base.metadata.create_all(lab.engine)
        with lab.engine.begin() as conn:
            conn.execute(insert(Parent).values(id=1))
            conn.execute(insert(Kid), [{"id": 1, "parent_id": 1}, {"id": 2, "parent_id": 1}])

    with Session(lab.engine) as session:
        parent = session.get(Parent, 1)
        lab.fact("kids loaded", len(parent.kids))
        session.delete(parent)
        with lab.capture() as committing:
            committed = lab.attempt("session.commit()", session.commit)
    deletes = lab.fact("DELETEs sent, by table", ["kid" if s.mentions("kid") else "parent"
                                                  for s in committing.of_kind("DELETE")])

    return {
        "A": not configured.ok,
        "B": configured.ok and warned == [] and cascade == ["expunge", "merge", "refresh-expire"]
             and deletes == ["parent"] and committed.raised(IntegrityError),
        "C": "kid" in deletes,
        "D": configured.ok and bool(warned),
    }


if __name__ == "__main__":
    run_alone(__file__)

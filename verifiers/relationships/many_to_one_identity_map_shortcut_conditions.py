"""A lazy many-to-one skips SQL only when its foreign key is the target's primary key (or NULL) and the join is plain."""

from typing import Optional

from sqlalchemy import ForeignKey, String, and_, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship

from verifiers import Capture, Lab, run_alone


class Base(DeclarativeBase):
    pass


class Parent(Base):
    __tablename__ = "parent"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)


# Foreign key to the primary key, plain join: the lazy loader can look the parent up by identity.
class Child(Base):
    __tablename__ = "child"
    id: Mapped[int] = mapped_column(primary_key=True)
    parent_id: Mapped[Optional[int]] = mapped_column(ForeignKey("parent.id"))
    parent: Mapped[Optional[Parent]] = relationship()


# Foreign key to a UNIQUE column that is not the primary key.
class CodeChild(Base):
    __tablename__ = "code_child"
    id: Mapped[int] = mapped_column(primary_key=True)
    parent_code: Mapped[Optional[str]] = mapped_column(ForeignKey("parent.code"))
    parent: Mapped[Optional[Parent]] = relationship()


# Foreign key to the primary key, but the join condition has one more criterion.
class FilteredChild(Base):
    __tablename__ = "filtered_child"
    id: Mapped[int] = mapped_column(primary_key=True)
    parent_id: Mapped[Optional[int]] = mapped_column(ForeignKey("parent.id"))
    parent: Mapped[Optional[Parent]] = relationship(
        primaryjoin=lambda: and_(FilteredChild.parent_id == Parent.id, Parent.code != "zzz")
    )


def read_parent(lab: Lab, label: str, child: object) -> tuple[object, Capture]:
    """Read ``child.parent`` (not loaded yet) and record what that sent."""
    with lab.capture() as sent:
        parent = child.parent
    lab.fact(f"{label}: statements reading .parent", sent.kinds())
    return parent, sent


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)
    with Session(lab.engine) as session:
        session.add(Parent(id=1, code="p1"))
        session.flush()
        session.add_all(
            [
                Child(id=1, parent_id=1),
                Child(id=2, parent_id=None),
                CodeChild(id=1, parent_code="p1"),
                FilteredChild(id=1, parent_id=1),
            ]
        )
        session.commit()

    with Session(lab.engine) as session:
        # The parent is in the identity map before any child's .parent is read.
        loaded_parent = session.get(Parent, 1)
        by_pk = session.get(Child, 1)
        no_parent = session.get(Child, 2)
        by_code = session.get(CodeChild, 1)
        filtered = session.get(FilteredChild, 1)
        lab.fact(
            "parent unloaded on each child before reading it",
            ["parent" in lab.state(c).unloaded for c in (by_pk, no_parent, by_code, filtered)],
        )

        pk_parent, pk_sql = read_parent(lab, "FK to parent.id", by_pk)
        null_parent, null_sql = read_parent(lab, "NULL FK", no_parent)
        code_parent, code_sql = read_parent(lab, "FK to parent.code (unique)", by_code)
        filtered_parent, filtered_sql = read_parent(lab, "FK to parent.id + extra criterion", filtered)

        lab.fact("FK to parent.id: got the loaded Parent object", pk_parent is loaded_parent)
        lab.fact("NULL FK: value", null_parent)
        code_same = lab.fact("FK to parent.code: got the loaded Parent object", code_parent is loaded_parent)
        filtered_same = lab.fact("extra criterion: got the loaded Parent object", filtered_parent is loaded_parent)
        null_where = [s.sql for s in null_sql.of_kind("SELECT")]
        lab.fact("NULL FK: statements sent and the value read", [null_sql.kinds(), null_parent])
        lab.fact("FK to parent.code: SELECTs sent", code_sql.count("SELECT"))

    return {
        "A": pk_sql.count() == 0 and pk_parent is loaded_parent,
        "B": len(null_where) == 1 and "NULL" in null_where[0].upper(),
        "C": code_sql.count() == 0 and code_same,
        "D": filtered_sql.queries.kinds() == ["SELECT"] and filtered_same,
        "E": code_sql.count("SELECT") == 1 and code_parent is not None and not code_same,
    }


if __name__ == "__main__":
    run_alone(__file__)

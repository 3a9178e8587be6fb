"""A row that is its own parent needs post_update on both sides of a bidirectional self-referential pair."""

from typing import NamedTuple, Optional

from sqlalchemy import ForeignKey, String, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class NodeNone(Base):
    """post_update on neither relationship."""

    __tablename__ = "node_none"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    parent_id: Mapped[Optional[int]] = mapped_column(ForeignKey("node_none.id"))
    parent: Mapped[Optional["NodeNone"]] = relationship(back_populates="children", remote_side=[id])
    children: Mapped[list["NodeNone"]] = relationship(back_populates="parent")


class NodeManyToOne(Base):
    """post_update only on the many-to-one `parent`."""

    __tablename__ = "node_m2o"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    parent_id: Mapped[Optional[int]] = mapped_column(ForeignKey("node_m2o.id"))
    parent: Mapped[Optional["NodeManyToOne"]] = relationship(back_populates="children", remote_side=[id], post_update=True)
    children: Mapped[list["NodeManyToOne"]] = relationship(back_populates="parent")


class NodeOneToMany(Base):
    """post_update only on the one-to-many `children`."""

    __tablename__ = "node_o2m"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    parent_id: Mapped[Optional[int]] = mapped_column(ForeignKey("node_o2m.id"))
    parent: Mapped[Optional["NodeOneToMany"]] = relationship(back_populates="children", remote_side=[id])
    children: Mapped[list["NodeOneToMany"]] = relationship(back_populates="parent", post_update=True)


class NodeBoth(Base):
    """post_update on both relationships."""

    __tablename__ = "node_both"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    parent_id: Mapped[Optional[int]] = mapped_column(ForeignKey("node_both.id"))
    parent: Mapped[Optional["NodeBoth"]] = relationship(back_populates="children", remote_side=[id], post_update=True)
    children: Mapped[list["NodeBoth"]] = relationship(back_populates="parent", post_update=True)


class Outcome(NamedTuple):
    error: str | None  # exception class raised by the flush
    writes: list[str]  # kinds of the statements the flush sent, without transaction control
    stored: tuple | None  # (id, parent_id) of the committed row, read by another connection
    insert_parent_id: object  # the parent_id value the INSERT sent ("no INSERT" when none was sent)


def make_own_parent(lab: Lab, cls: type) -> Outcome:
    """Create one node whose parent is itself, flush and commit; report what happened."""
    with Session(lab.engine) as session:
        node = cls(name="root")
        node.parent = node
        session.add(node)
        error = None
        with lab.capture() as flushing:
            try:
                session.flush()
            except SQLAlchemyError as exc:
                error = type(exc).__name__
        if error is None:
            session.commit()
        else:
            session.rollback()
    with lab.other_connection() as other:
        stored = other.execute(select(cls.id, cls.parent_id)).first()
    writes = flushing.queries.kinds()
    lab.fact(f"{cls.__tablename__}: exception raised by the flush", error)
    lab.fact(f"{cls.__tablename__}: statements the flush sent", writes)
    lab.fact(f"{cls.__tablename__}: stored row (id, parent_id)", None if stored is None else tuple(stored))
    inserts = flushing.of_kind("INSERT")
    # The INSERT lists (name, parent_id): its second bound value is parent_id, whatever the paramstyle.
    insert_parent_id = inserts[0].values[1] if inserts else "no INSERT"
    return Outcome(error, writes, None if stored is None else tuple(stored), insert_parent_id)


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)

    neither = make_own_parent(lab, NodeNone)
    m2o_only = make_own_parent(lab, NodeManyToOne)
    o2m_only = make_own_parent(lab, NodeOneToMany)
    both = make_own_parent(lab, NodeBoth)

    lab.fact("copies 2 and 3: statements their flushes sent", [m2o_only.writes, o2m_only.writes])
    lab.fact("copies 2 and 3: exceptions raised", [m2o_only.error, o2m_only.error])
    lab.fact("copy 4: parent_id the INSERT sent", both.insert_parent_id)

    return {
        "A": neither.error == "CircularDependencyError" and neither.writes == [] and neither.stored is None,
        "B": neither.error is None and neither.writes == ["INSERT"] and neither.stored is not None,
        "C": m2o_only.error is None and m2o_only.stored is not None and m2o_only.stored[0] == m2o_only.stored[1],
        "D": o2m_only.error is None and o2m_only.stored is not None and o2m_only.stored[0] == o2m_only.stored[1],
        "E": both.error is None and both.writes == ["INSERT", "UPDATE"] and both.stored is not None and both.stored[0] == both.stored[1],
        "F": both.error is None and both.writes.count("UPDATE") == 2,
    }


if __name__ == "__main__":
    run_alone(__file__)

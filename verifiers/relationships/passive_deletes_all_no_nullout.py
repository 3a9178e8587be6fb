"""passive_deletes="all": the ORM leaves children alone on a parent delete, loaded or not; the database decides."""

from sqlalchemy import ForeignKey, insert, inspect, select, update
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship, selectinload

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Parent(Base):
    __tablename__ = "parent"
    id: Mapped[int] = mapped_column(primary_key=True)
    children: Mapped[list["Child"]] = relationship(passive_deletes="all")


class Child(Base):
    __tablename__ = "child"
    id: Mapped[int] = mapped_column(primary_key=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("parent.id", ondelete="SET NULL"))


# For the explanation's comparisons: passive_deletes=True, and the default.
class TrueParent(Base):
    __tablename__ = "true_parent"
    id: Mapped[int] = mapped_column(primary_key=True)
    children: Mapped[list["TrueChild"]] = relationship(passive_deletes=True)


class TrueChild(Base):
    __tablename__ = "true_child"
    id: Mapped[int] = mapped_column(primary_key=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("true_parent.id", ondelete="SET NULL"))


class PlainParent(Base):
    __tablename__ = "plain_parent"
    id: Mapped[int] = mapped_column(primary_key=True)
    children: Mapped[list["PlainChild"]] = relationship()


class PlainChild(Base):
    __tablename__ = "plain_child"
    id: Mapped[int] = mapped_column(primary_key=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("plain_parent.id", ondelete="SET NULL"))


def delete_parent(lab: Lab, parent_cls, load_children: bool, **session_options):
    """Delete parent 1 (its children loaded or not) and commit; return the commit's statements and the children."""
    with Session(lab.engine, **session_options) as session:
        query = select(parent_cls)
        if load_children:
            query = query.options(selectinload(parent_cls.children))
        parent = session.scalars(query).one()
        children = list(parent.children) if load_children else []
        session.delete(parent)
        with lab.capture() as committing:
            session.commit()
        expired = [sorted(inspect(c).expired_attributes) for c in children]
    return committing, children, expired


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        Base.metadata.create_all(lab.engine)
        with lab.engine.begin() as conn:
            conn.execute(insert(Parent).values(id=1))
            conn.execute(insert(Child), [{"id": 1, "parent_id": 1}, {"id": 2, "parent_id": 1}])
            for parent_cls, child_cls in ((TrueParent, TrueChild), (PlainParent, PlainChild)):
                conn.execute(insert(parent_cls).values(id=1))
                conn.execute(insert(child_cls), [{"id": 1, "parent_id": 1}, {"id": 2, "parent_id": 1}])

    with Session(lab.engine, expire_on_commit=False) as session:
        parent = session.scalars(select(Parent).options(selectinload(Parent.children))).one()
        children = list(parent.children)
        session.delete(parent)
        with lab.capture() as committing:
            session.commit()
        in_memory = lab.fact("parent_id of the loaded children after the commit", [c.parent_id for c in children])
    sent = lab.fact("statements the commit sent", committing.kinds())
    deleted = [s for s in committing.of_kind("DELETE")]
    only_parent = lab.fact("the DELETE is on parent",
                           len(deleted) == 1 and deleted[0].mentions("parent") and not deleted[0].mentions("child"))

    with lab.other_connection() as other:
        stored = lab.fact("child rows (id, parent_id) in the database",
                          [tuple(r) for r in other.execute(select(Child.id, Child.parent_id).order_by(Child.id))])

    true_sql, true_children, _ = delete_parent(lab, TrueParent, load_children=True, expire_on_commit=False)
    lab.fact("passive_deletes=True, children loaded: the commit's statements, by kind and whether on true_child",
             [(s.kind, s.mentions("true_child")) for s in true_sql.queries])
    lab.fact("passive_deletes=True: the loaded children's parent_id after the commit",
             [c.parent_id for c in true_children])
    plain_sql, _, _ = delete_parent(lab, PlainParent, load_children=False)
    lab.fact("default, children not loaded: the commit's statements, by kind and whether on plain_child",
             [(s.kind, s.mentions("plain_child")) for s in plain_sql.queries])

    with lab.setup():  # parent 1 and its children again, for the same delete with the default expire_on_commit
        with lab.engine.begin() as conn:
            conn.execute(insert(Parent).values(id=1))
            conn.execute(update(Child).values(parent_id=1))
    _, _, expired = delete_parent(lab, Parent, load_children=True)
    lab.fact("passive_deletes='all', default expire_on_commit: attributes expired on the loaded children", expired)

    return {
        "A": sent == ["DELETE", "COMMIT"] and only_parent,
        "B": "UPDATE" in sent,
        "C": in_memory == [1, 1] and stored == [(1, None), (2, None)],
        "D": in_memory == [None, None],
        "E": stored == [],
    }


if __name__ == "__main__":
    run_alone(__file__)

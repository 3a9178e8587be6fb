"""passive_deletes=True with no ON DELETE on the foreign key: the ORM trusts a database rule that is not there."""

from sqlalchemy import ForeignKey, func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Parent(Base):
    __tablename__ = "parent"
    id: Mapped[int] = mapped_column(primary_key=True)
    children: Mapped[list["Child"]] = relationship(cascade="all, delete-orphan", passive_deletes=True)


class Child(Base):
    __tablename__ = "child"
    id: Mapped[int] = mapped_column(primary_key=True)
    parent_id: Mapped[int] = mapped_column(ForeignKey("parent.id"))   # no ondelete=


# The pairing the explanation recommends: the same relationship, and ON DELETE CASCADE in the schema.
class CascadeParent(Base):
    __tablename__ = "cascade_parent"
    id: Mapped[int] = mapped_column(primary_key=True)
    children: Mapped[list["CascadeChild"]] = relationship(cascade="all, delete-orphan", passive_deletes=True)


class CascadeChild(Base):
    __tablename__ = "cascade_child"
    id: Mapped[int] = mapped_column(primary_key=True)
    parent_id: Mapped[int] = mapped_column(ForeignKey("cascade_parent.id", ondelete="CASCADE"))


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        Base.metadata.create_all(lab.engine)
        with lab.engine.begin() as conn:
            conn.execute(insert(Parent).values(id=1))
            conn.execute(insert(Child), [{"id": 1, "parent_id": 1}, {"id": 2, "parent_id": 1}])
            conn.execute(insert(CascadeParent).values(id=1))
            conn.execute(insert(CascadeChild), [{"id": 1, "parent_id": 1}, {"id": 2, "parent_id": 1}])

    with Session(lab.engine) as session:
        session.delete(session.get(Parent, 1))      # children never loaded
        with lab.capture() as committing:
            committed = lab.attempt("session.commit()", session.commit)
    sent = lab.fact("the commit's statements", committing.kinds())
    only_parent_delete = lab.fact("the commit's statements, transaction control aside: one DELETE on parent",
                                  [(s.kind, s.mentions("parent"), s.mentions("child")) for s in committing.queries]
                                  == [("DELETE", True, False)])

    with lab.other_connection() as other:
        children = lab.fact("child rows left", other.scalar(select(func.count()).select_from(Child)))

    with Session(lab.engine) as session:
        session.delete(session.get(CascadeParent, 1))
        with lab.capture() as cascading:
            cascaded = lab.attempt("the same with ondelete='CASCADE': session.commit()", session.commit)
    with lab.other_connection() as other:
        cascade_left = other.scalar(select(func.count()).select_from(CascadeChild))
    lab.fact("with ondelete='CASCADE': the commit succeeds with one DELETE and no child row is left",
             cascaded.ok and [s.kind for s in cascading.queries] == ["DELETE"] and cascade_left == 0)

    return {
        "A": committed.ok and children == 0,
        "B": "SELECT" in sent,
        "C": only_parent_delete and committed.raised(IntegrityError) and children == 2,
        "D": committed.ok and children == 2,
    }


if __name__ == "__main__":
    run_alone(__file__)

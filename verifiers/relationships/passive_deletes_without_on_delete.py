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


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        Base.metadata.create_all(lab.engine)
        with lab.engine.begin() as conn:
            conn.execute(insert(Parent).values(id=1))
            conn.execute(insert(Child), [{"id": 1, "parent_id": 1}, {"id": 2, "parent_id": 1}])

    with Session(lab.engine) as session:
        session.delete(session.get(Parent, 1))      # children never loaded
        with lab.capture() as committing:
            committed = lab.attempt("session.commit()", session.commit)
    sent = lab.fact("the commit's statements", committing.kinds())
    delete_on_parent = lab.fact("the DELETE is on parent", [not s.mentions("child") for s in committing.of_kind("DELETE")])

    with lab.other_connection() as other:
        children = lab.fact("child rows left", other.scalar(select(func.count()).select_from(Child)))

    return {
        "A": committed.ok and children == 0,
        "B": "SELECT" in sent,
        "C": sent[:1] == ["DELETE"] and delete_on_parent == [True] and committed.raised(IntegrityError) and children == 2,
        "D": committed.ok and children == 2,
    }


if __name__ == "__main__":
    run_alone(__file__)

"""merge() copies related objects only along relationships that have the merge cascade."""

from sqlalchemy import ForeignKey, String, insert, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship, selectinload

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Parent(Base):
    __tablename__ = "parent"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(10))
    kids: Mapped[list["Kid"]] = relationship(cascade="save-update")     # merge left out


class Kid(Base):
    __tablename__ = "kid"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(10))
    parent_id: Mapped[int] = mapped_column(ForeignKey("parent.id"))


class Owner(Base):
    __tablename__ = "owner"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(10))
    pets: Mapped[list["Pet"]] = relationship()                          # default: "save-update, merge"


class Pet(Base):
    __tablename__ = "pet"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(10))
    owner_id: Mapped[int] = mapped_column(ForeignKey("owner.id"))


def edit_detached_and_merge(lab: Lab, parent_cls, child_cls, collection: str):
    """Load the parent and children, detach them, rename parent and first child, append a new child,
    merge into a new session and commit; return the attempt, the merge's SELECT and the rows afterwards."""
    with Session(lab.engine) as session:
        parent = session.scalars(select(parent_cls).options(selectinload(getattr(parent_cls, collection)))).one()
    parent.name = "renamed"
    getattr(parent, collection)[0].name = "changed"
    getattr(parent, collection).append(child_cls(id=3, name="new"))
    with Session(lab.engine) as session, lab.capture() as sql:
        def merge_and_commit() -> None:
            session.merge(parent)
            session.commit()
        merged = lab.attempt(f"merge({parent_cls.__name__}) and commit", merge_and_commit)
    first = sql.queries[0]
    loaded_by_pk = first.kind == "SELECT" and first.mentions(parent_cls.__tablename__) and first.values == [1]
    with lab.other_connection() as other:
        parent_name = other.scalar(select(parent_cls.name))
        rows = [tuple(r) for r in other.execute(select(child_cls.id, child_cls.name).order_by(child_cls.id))]
    return merged, loaded_by_pk, [parent_name, rows]


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        Base.metadata.create_all(lab.engine)
        with lab.engine.begin() as conn:
            conn.execute(insert(Parent).values(id=1, name="p"))
            conn.execute(insert(Kid), [{"id": 1, "name": "a", "parent_id": 1}, {"id": 2, "name": "b", "parent_id": 1}])
            conn.execute(insert(Owner).values(id=1, name="p"))
            conn.execute(insert(Pet), [{"id": 1, "name": "a", "owner_id": 1}, {"id": 2, "name": "b", "owner_id": 1}])

    merged, loaded_by_pk, without = edit_detached_and_merge(lab, Parent, Kid, "kids")
    lab.fact("cascade='save-update': parent name and kid rows after merge and commit", without)
    lab.fact("merge() first SELECTs the parent by its primary key", loaded_by_pk)
    lab.fact("merge(Parent) and commit() raised nothing", merged.ok)
    _, _, default = edit_detached_and_merge(lab, Owner, Pet, "pets")
    lab.fact("default cascade: parent name and pet rows after merge and commit", default)

    return {
        "A": without == ["renamed", [(1, "a"), (2, "b")]],
        "B": without == ["renamed", [(1, "changed"), (2, "b"), (3, "new")]],
        "C": default == ["renamed", [(1, "changed"), (2, "b"), (3, "new")]],
        "D": not merged.ok and without == ["p", [(1, "a"), (2, "b")]],
    }


if __name__ == "__main__":
    run_alone(__file__)

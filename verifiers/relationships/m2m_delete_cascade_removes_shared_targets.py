"""cascade="all" on a many-to-many deletes the related objects themselves, shared ones included."""

from sqlalchemy import Column, ForeignKey, String, Table, func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


user_group = Table(
    "user_group",
    Base.metadata,
    Column("user_id", ForeignKey("users.id"), primary_key=True),
    Column("group_id", ForeignKey("groups.id"), primary_key=True),
)


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(10))
    groups: Mapped[list["Group"]] = relationship(secondary=user_group, back_populates="users", cascade="all")


class Group(Base):
    __tablename__ = "groups"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(10))
    users: Mapped[list[User]] = relationship(secondary=user_group, back_populates="groups")


def counts(lab: Lab) -> dict[str, object]:
    with lab.other_connection() as other:
        return {
            "users": other.scalars(select(User.name).order_by(User.id)).all(),
            "groups": other.scalars(select(Group.name).order_by(Group.id)).all(),
            "user_group rows": other.scalar(select(func.count()).select_from(user_group)),
        }


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        Base.metadata.create_all(lab.engine)
        with lab.engine.begin() as conn:
            conn.execute(insert(User), [{"id": 1, "name": "ann"}, {"id": 2, "name": "bob"}])
            conn.execute(insert(Group), [{"id": 1, "name": "staff"}, {"id": 2, "name": "chess"}])
            # ann is in staff and chess; bob is in chess too
            conn.execute(insert(user_group), [{"user_id": 1, "group_id": 1}, {"user_id": 1, "group_id": 2},
                                              {"user_id": 2, "group_id": 2}])

    with Session(lab.engine) as session:
        ann = session.get(User, 1)
        session.delete(ann)
        with lab.capture() as flushing:
            committed = lab.attempt("session.commit()", session.commit)
    deletes = lab.fact("DELETE statements, by table", [
        [t for t in ("user_group", "groups", "users") if s.mentions(t)][0] for s in flushing.of_kind("DELETE")])
    after = lab.fact("what is left", counts(lab))

    return {
        "A": committed.ok and after["groups"] == ["staff", "chess"] and after["user_group rows"] == 1,
        "B": after["groups"] == ["chess"],
        "C": committed.raised(IntegrityError),
        "D": committed.ok and after["groups"] == [] and after["users"] == ["bob"] and after["user_group rows"] == 0,
    }


if __name__ == "__main__":
    run_alone(__file__)

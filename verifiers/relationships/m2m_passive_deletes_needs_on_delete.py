"""passive_deletes on a many-to-many: the ORM leaves the link rows to the database, which needs ON DELETE CASCADE."""

from sqlalchemy import Column, ForeignKey, Table, func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


user_group = Table(  # ON DELETE CASCADE on both foreign keys
    "user_group",
    Base.metadata,
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("group_id", ForeignKey("groups.id", ondelete="CASCADE"), primary_key=True),
)
member_club = Table(  # no ON DELETE rule
    "member_club",
    Base.metadata,
    Column("member_id", ForeignKey("member.id"), primary_key=True),
    Column("club_id", ForeignKey("club.id"), primary_key=True),
)


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    groups: Mapped[list["Group"]] = relationship(secondary=user_group, passive_deletes=True)


class Group(Base):
    __tablename__ = "groups"
    id: Mapped[int] = mapped_column(primary_key=True)


class Member(Base):
    __tablename__ = "member"
    id: Mapped[int] = mapped_column(primary_key=True)
    clubs: Mapped[list["Club"]] = relationship(secondary=member_club, passive_deletes=True)


class Club(Base):
    __tablename__ = "club"
    id: Mapped[int] = mapped_column(primary_key=True)


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        Base.metadata.create_all(lab.engine)
        with lab.engine.begin() as conn:
            conn.execute(insert(User).values(id=1))
            conn.execute(insert(Group), [{"id": 1}, {"id": 2}])
            conn.execute(insert(user_group), [{"user_id": 1, "group_id": 1}, {"user_id": 1, "group_id": 2}])
            conn.execute(insert(Member).values(id=1))
            conn.execute(insert(Club), [{"id": 1}, {"id": 2}])
            conn.execute(insert(member_club), [{"member_id": 1, "club_id": 1}, {"member_id": 1, "club_id": 2}])

    with Session(lab.engine) as session:
        session.delete(session.get(User, 1))
        with lab.capture() as user_flush:
            user_deleted = lab.attempt("deleting user 1: session.commit()", session.commit)
    user_sent = lab.fact("statements deleting the user sent", user_flush.kinds())

    with Session(lab.engine) as session:
        session.delete(session.get(Member, 1))
        with lab.capture() as member_flush:
            member_deleted = lab.attempt("deleting member 1: session.commit()", session.commit)
    lab.fact("statements deleting the member sent", member_flush.kinds())

    with lab.other_connection() as other:
        links = lab.fact("user_group rows left", other.scalar(select(func.count()).select_from(user_group)))
        groups = lab.fact("groups left", other.scalar(select(func.count()).select_from(Group)))

    return {
        "A": "SELECT" in user_sent,
        "B": user_deleted.ok and user_sent == ["DELETE", "COMMIT"] and links == 0 and groups == 2,
        "C": member_deleted.raised(IntegrityError),
        "D": user_deleted.ok and groups == 0,
    }


if __name__ == "__main__":
    run_alone(__file__)

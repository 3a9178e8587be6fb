"""Deleting the far side of a one-directional many-to-many: the ORM does not know about its link rows."""

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
    groups: Mapped[list["Group"]] = relationship(secondary=user_group)


class Group(Base):  # no relationship back to User
    __tablename__ = "groups"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(10))


# The same mapping with the link declared on the far side too (tables of their own).
class LinkedBase(DeclarativeBase):
    pass


member_club = Table(
    "member_club",
    LinkedBase.metadata,
    Column("member_id", ForeignKey("member.id"), primary_key=True),
    Column("club_id", ForeignKey("club.id"), primary_key=True),
)


class Member(LinkedBase):
    __tablename__ = "member"
    id: Mapped[int] = mapped_column(primary_key=True)
    clubs: Mapped[list["Club"]] = relationship(secondary=member_club, back_populates="members")


class Club(LinkedBase):
    __tablename__ = "club"
    id: Mapped[int] = mapped_column(primary_key=True)
    members: Mapped[list[Member]] = relationship(secondary=member_club, back_populates="clubs")


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        Base.metadata.create_all(lab.engine)
        with lab.engine.begin() as conn:
            conn.execute(insert(User).values(id=1))
            conn.execute(insert(Group).values(id=1, name="staff"))
            conn.execute(insert(user_group).values(user_id=1, group_id=1))

    with Session(lab.engine) as session:
        user = session.get(User, 1)
        staff = user.groups[0]  # the link is loaded, on the User side
        session.delete(staff)
        with lab.capture() as flushing:
            flushed = lab.attempt("session.flush()", session.flush)
        session.rollback()
    sent = lab.fact("statements the flush sent, by kind and table", [
        f"{s.kind} {'user_group' if s.mentions('user_group') else 'groups'}" for s in flushing.queries])

    with lab.other_connection() as other:
        links = lab.fact("user_group rows afterwards", other.scalar(select(func.count()).select_from(user_group)))

    with lab.setup():
        LinkedBase.metadata.create_all(lab.engine)
        with lab.engine.begin() as conn:
            conn.execute(insert(Member).values(id=1))
            conn.execute(insert(Club).values(id=1))
            conn.execute(insert(member_club).values(member_id=1, club_id=1))
    with Session(lab.engine) as session:
        session.delete(session.get(Club, 1))
        with lab.capture() as linked_flush:
            linked = lab.attempt("with Club.members declared: session.commit()", session.commit)
    linked_sent = lab.fact("with Club.members declared: DELETE statements, by table", [
        "member_club" if s.mentions("member_club") else "club" for s in linked_flush.of_kind("DELETE")])

    return {
        "A": any(s.startswith("SELECT") for s in sent),
        "B": sent[:1] == ["DELETE user_group"] and flushed.ok,
        "C": sent == ["DELETE groups"] and flushed.raised(IntegrityError),
        "D": flushed.ok and links == 0,
        "E": linked.ok and linked_sent == ["member_club", "club"],
    }


if __name__ == "__main__":
    run_alone(__file__)

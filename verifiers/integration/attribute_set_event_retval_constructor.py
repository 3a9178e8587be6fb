"""An attribute "set" listener with retval=True runs for constructor keywords and can replace the value."""

from sqlalchemy import String, event, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Member(Base):
    __tablename__ = "member"
    id: Mapped[int] = mapped_column(primary_key=True)
    nick: Mapped[str] = mapped_column(String(30))


def prove(lab: Lab) -> dict[str, bool]:
    calls = []

    @event.listens_for(Member.nick, "set", retval=True)
    def shout(target, value, oldvalue, initiator):
        calls.append(value)
        return value.upper()

    with lab.setup():
        Base.metadata.create_all(lab.engine)

    member = Member(id=1, nick="bob")
    constructed = lab.fact("nick right after Member(id=1, nick='bob')", member.nick)
    calls_in_constructor = lab.fact("set calls during the constructor", list(calls))
    assigned = Member(id=2)
    assigned.nick = "bob"
    lab.fact("nick right after a plain assignment of 'bob'", assigned.nick)
    with lab.capture(), Session(lab.engine) as session:
        session.add(member)
        session.commit()
        calls.clear()
        session.expunge_all()
        loaded = session.get(Member, 1)
        lab.fact("nick as loaded", loaded.nick)
        calls_while_loading = lab.fact("set calls while the row was loaded", list(calls))
    with lab.other_connection() as other:
        lab.fact("nick stored in the row", other.scalar(select(Member.nick).where(Member.id == 1)))

    return {
        "A": constructed == "bob" and calls_in_constructor == ["bob"],
        "B": constructed == "bob" and calls_in_constructor == [],
        "C": len(calls_while_loading) == 1,
        "D": constructed == "BOB" and calls_in_constructor == ["bob"] and calls_while_loading == [],
    }


if __name__ == "__main__":
    run_alone(__file__)

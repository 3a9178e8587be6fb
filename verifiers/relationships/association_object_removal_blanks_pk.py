"""Removing an association object from its collection without delete-orphan makes the flush try to NULL its primary key."""

import re
from typing import Optional

from sqlalchemy import ForeignKey, String, select
from sqlalchemy.exc import IntegrityError, PendingRollbackError, SQLAlchemyError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship

from verifiers import Attempt, Capture, Lab, Statement, run_alone


class Base(DeclarativeBase):
    pass


class Keyword(Base):
    __tablename__ = "keyword"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    word: Mapped[str] = mapped_column(String(50))


# The default cascade ("save-update, merge") on the collection of association objects.
class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    name: Mapped[str] = mapped_column(String(50))
    kw_assocs: Mapped[list["UserKeyword"]] = relationship(back_populates="user")


class UserKeyword(Base):
    __tablename__ = "user_keyword"
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    keyword_id: Mapped[int] = mapped_column(ForeignKey("keyword.id"), primary_key=True)
    note: Mapped[Optional[str]] = mapped_column(String(50))
    user: Mapped[User] = relationship(back_populates="kw_assocs")
    keyword: Mapped[Keyword] = relationship()


# The same shape, with the parent owning its association objects.
class Member(Base):
    __tablename__ = "member"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    name: Mapped[str] = mapped_column(String(50))
    kw_assocs: Mapped[list["MemberKeyword"]] = relationship(back_populates="member", cascade="all, delete-orphan")


class MemberKeyword(Base):
    __tablename__ = "member_keyword"
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id"), primary_key=True)
    keyword_id: Mapped[int] = mapped_column(ForeignKey("keyword.id"), primary_key=True)
    note: Mapped[Optional[str]] = mapped_column(String(50))
    member: Mapped[Member] = relationship(back_populates="kw_assocs")
    keyword: Mapped[Keyword] = relationship()


def written_table(statement: Statement) -> str:
    """The table an UPDATE or DELETE statement writes to."""
    match = re.match(r"\s*(?:UPDATE|DELETE\s+FROM)\s+[`\"]?(\w+)", statement.sql, re.I)
    return match.group(1).lower() if match else "?"


def remove_first_link(lab: Lab, parent_class: type, label: str) -> tuple[Capture, Attempt]:
    """Load the parent, remove its first association object from the collection, flush; commit if that worked."""
    with Session(lab.engine) as session:
        parent = session.get(parent_class, 1)
        link = parent.kw_assocs[0]
        with lab.capture() as removing:
            parent.kw_assocs.remove(link)
        lab.fact(f"{label}: statements sent by remove()", removing.kinds())
        with lab.capture() as flushed:
            flushing = lab.attempt(f"{label}: session.flush()", session.flush)
        if flushing.ok:
            session.commit()
        else:
            lab.fact(
                "after the failed flush, commit() without rollback() raises PendingRollbackError",
                lab.attempt("commit() after the failed flush", session.commit).raised(PendingRollbackError),
            )
            session.rollback()
    lab.fact(f"{label}: statements the flush sent", [f"{s.kind} {written_table(s)}" for s in flushed.queries])
    return flushed, flushing


def link_rows(lab: Lab) -> dict[str, int]:
    with lab.other_connection() as other:
        return {
            "user_keyword": len(other.execute(select(UserKeyword.user_id)).all()),
            "member_keyword": len(other.execute(select(MemberKeyword.member_id)).all()),
        }


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)
    with Session(lab.engine) as setup:
        x, y = Keyword(id=1, word="x"), Keyword(id=2, word="y")
        setup.add(User(id=1, name="ada", kw_assocs=[UserKeyword(keyword=x), UserKeyword(keyword=y)]))
        setup.add(Member(id=1, name="ada", kw_assocs=[MemberKeyword(keyword=x), MemberKeyword(keyword=y)]))
        setup.commit()

    default, default_flush = remove_first_link(lab, User, "default cascade")
    owned, owned_flush = remove_first_link(lab, Member, "all, delete-orphan")
    rows = lab.fact("link rows after both attempts", link_rows(lab))
    lab.fact("user_keyword rows after both attempts", rows["user_keyword"])
    lab.fact("the User flush's exception is an SQLAlchemyError", isinstance(default_flush.error, SQLAlchemyError))

    default_writes = [written_table(s) for s in default.of_kind("UPDATE", "DELETE")]
    owned_writes = [(s.kind, written_table(s)) for s in owned.of_kind("UPDATE", "DELETE")]

    return {
        "A": default_flush.raised(IntegrityError) and "user_keyword" in default_writes,
        "B": default_flush.raised(AssertionError, match=r"tried to blank-out primary key column")
        and len(default.queries) == 0,
        "C": default_flush.ok and rows["user_keyword"] == 1,
        "D": default_flush.ok and len(default.queries) == 0 and rows["user_keyword"] == 2,
        "E": owned_flush.ok and owned_writes == [("DELETE", "member_keyword")] and rows["member_keyword"] == 1,
        "F": owned_writes[:1] == [("UPDATE", "member_keyword")],
    }


if __name__ == "__main__":
    run_alone(__file__)

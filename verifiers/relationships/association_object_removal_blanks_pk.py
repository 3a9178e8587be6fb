"""Removing an association object from its collection without delete-orphan makes the flush try to NULL its primary key."""

import re
from typing import Optional

from sqlalchemy import ForeignKey, String, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship

from verifiers import Capture, Lab, Statement, run_alone


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


def remove_first_link(lab: Lab, parent_class: type, label: str) -> tuple[Capture, str | None, str]:
    """Load the parent, remove its first association object from the collection, flush; commit if that worked."""
    with Session(lab.engine) as session:
        parent = session.get(parent_class, 1)
        link = parent.kw_assocs[0]
        with lab.capture() as removing:
            parent.kw_assocs.remove(link)
        lab.fact(f"{label}: statements sent by remove()", removing.kinds())
        error, message = None, ""
        with lab.capture() as flushed:
            try:
                session.flush()
            except (AssertionError, SQLAlchemyError) as exc:
                error, message = type(exc).__name__, str(exc)
        if error is None:
            session.commit()
        else:
            session.rollback()
    lab.fact(f"{label}: statements the flush sent", [f"{s.kind} {written_table(s)}" for s in flushed.queries])
    lab.fact(f"{label}: exception raised by the flush", f"{error}: {message}" if error else None)
    return flushed, error, message


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

    default, default_error, default_message = remove_first_link(lab, User, "default cascade")
    owned, owned_error, _ = remove_first_link(lab, Member, "all, delete-orphan")
    rows = lab.fact("link rows after both attempts", link_rows(lab))

    default_writes = [written_table(s) for s in default.of_kind("UPDATE", "DELETE")]
    owned_writes = [(s.kind, written_table(s)) for s in owned.of_kind("UPDATE", "DELETE")]

    return {
        "A": default_error == "IntegrityError" and "user_keyword" in default_writes,
        "B": default_error == "AssertionError" and "primary key" in default_message and len(default.queries) == 0,
        "C": default_error is None and rows["user_keyword"] == 1,
        "D": default_error is None and len(default.queries) == 0 and rows["user_keyword"] == 2,
        "E": owned_error is None and owned_writes == [("DELETE", "member_keyword")] and rows["member_keyword"] == 1,
        "F": owned_writes[:1] == [("UPDATE", "member_keyword")],
    }


if __name__ == "__main__":
    run_alone(__file__)

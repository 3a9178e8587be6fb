"""A primaryjoin between columns with no ForeignKey: refused until foreign() names the referencing column."""

from sqlalchemy import String, insert, inspect, select
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, foreign, mapped_column, relationship

from verifiers import Lab, run_alone


class PlainBase(DeclarativeBase):  # a registry of its own: its configuration fails
    pass


class User(PlainBase):
    __tablename__ = "app_user"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(10), unique=True)
    notes = relationship("Note", primaryjoin="User.code == Note.user_code")


class Note(PlainBase):
    __tablename__ = "note"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_code: Mapped[str] = mapped_column(String(10))  # no ForeignKey


class Base(DeclarativeBase):
    pass


class Account(Base):
    __tablename__ = "account"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(10), unique=True)
    memos = relationship("Memo", primaryjoin="Account.code == foreign(Memo.account_code)")


class Memo(Base):
    __tablename__ = "memo"
    id: Mapped[int] = mapped_column(primary_key=True)
    account_code: Mapped[str] = mapped_column(String(10))  # no ForeignKey


class KeyedBase(DeclarativeBase):  # the same mapping, with foreign_keys= instead of foreign()
    pass


class Owner(KeyedBase):
    __tablename__ = "owner"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(10), unique=True)
    entries = relationship("Entry", primaryjoin="Owner.code == Entry.owner_code",
                           foreign_keys="[Entry.owner_code]")


class Entry(KeyedBase):
    __tablename__ = "entry"
    id: Mapped[int] = mapped_column(primary_key=True)
    owner_code: Mapped[str] = mapped_column(String(10))  # no ForeignKey


def prove(lab: Lab) -> dict[str, bool]:
    plain = lab.attempt("configuring User.notes", PlainBase.registry.configure)
    marked = lab.attempt("configuring Account.memos", Base.registry.configure)
    direction = lab.fact("Account.memos direction", inspect(Account).relationships["memos"].direction.name
                         if marked.ok else None)
    KeyedBase.registry.configure()
    lab.fact("direction of the same mapping (Owner.entries) with foreign_keys= instead of foreign()",
             inspect(Owner).relationships["entries"].direction.name)

    with lab.setup():
        Base.metadata.create_all(lab.engine)
        with lab.engine.begin() as conn:
            conn.execute(insert(Account).values(id=1, code="A1"))
            conn.execute(insert(Memo), [{"id": 1, "account_code": "A1"}, {"id": 2, "account_code": "B2"}])
    ddl_fks = lab.fact("foreign keys on memo in the database", inspect(lab.engine).get_foreign_keys("memo"))

    with Session(lab.engine) as session:
        account = session.get(Account, 1)
        with lab.capture():
            memos = lab.fact("account.memos ids", sorted(m.id for m in account.memos))
            new_memo = Memo(id=3)
            account.memos.append(new_memo)
            session.flush()
        lab.fact("account_code of a memo appended to account.memos, after a flush", new_memo.account_code)

    return {
        "A": plain.raised(ArgumentError, match="Could not locate any relevant foreign key columns"),
        "B": plain.ok,
        "C": marked.ok and direction == "ONETOMANY" and memos == [1] and ddl_fks == [],
        "D": marked.ok and ddl_fks != [],
    }


if __name__ == "__main__":
    run_alone(__file__)

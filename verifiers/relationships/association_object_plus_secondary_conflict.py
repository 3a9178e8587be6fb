"""An association object and a secondary= relationship over the same table: warnings, then the row written twice."""

import warnings

from sqlalchemy import ForeignKey, String
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Keyword(Base):
    __tablename__ = "keyword"
    id: Mapped[int] = mapped_column(primary_key=True)
    word: Mapped[str] = mapped_column(String(20))


class UserKeyword(Base):
    __tablename__ = "user_keyword"
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    keyword_id: Mapped[int] = mapped_column(ForeignKey("keyword.id"), primary_key=True)
    keyword: Mapped[Keyword] = relationship()


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    kw_assocs: Mapped[list[UserKeyword]] = relationship()                              # association object
    keywords: Mapped[list[Keyword]] = relationship(secondary="user_keyword")           # plain many-to-many


def table_of(sql: str) -> str:
    return sql.split()[2]


def prove(lab: Lab) -> dict[str, bool]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        configured = lab.attempt("configuring the mappers", Base.registry.configure)
    conflict_warnings = lab.fact("SAWarnings that name a conflicting relationship",
                                 sum(1 for w in caught if "conflicts with relationship" in str(w.message)))

    with lab.setup():
        Base.metadata.create_all(lab.engine)

    with Session(lab.engine) as session:
        user, python = User(id=1), Keyword(id=1, word="python")
        user.kw_assocs.append(UserKeyword(keyword=python))
        user.keywords.append(python)             # the same pair, through the other relationship
        session.add(user)
        with lab.capture() as flushing:
            flushed = lab.attempt("session.flush()", session.flush)
        session.rollback()
    link_rows = lab.fact("rows sent to user_keyword", sum(
        len(s.values) if s.executemany else 1 for s in flushing.of_kind("INSERT") if table_of(s.sql) == "user_keyword"))

    return {
        "A": not configured.ok,
        "B": configured.ok and conflict_warnings >= 2,
        "C": link_rows == 2 and flushed.raised(IntegrityError),
        "D": flushed.ok and link_rows == 1,
    }


if __name__ == "__main__":
    run_alone(__file__)

"""Filtering through an association proxy: nested EXISTS subqueries, not joins."""

from sqlalchemy import ForeignKey, String, insert, select
from sqlalchemy.ext.associationproxy import AssociationProxy, association_proxy
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Keyword(Base):
    __tablename__ = "keyword"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(20))


class UserKeyword(Base):
    __tablename__ = "user_keyword"
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    keyword_id: Mapped[int] = mapped_column(ForeignKey("keyword.id"), primary_key=True)
    keyword: Mapped[Keyword] = relationship()


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    kw_assocs: Mapped[list[UserKeyword]] = relationship()
    keywords: AssociationProxy[list[Keyword]] = association_proxy("kw_assocs", "keyword")


UserKeyword.keyword_name = association_proxy("keyword", "name")  # a scalar proxy on the association object


def tables_of_exists(sql: str) -> list[str]:
    """The first table each EXISTS subquery of ``sql`` reads from, outermost first."""
    return [part.split(" FROM ", 1)[1].split()[0].strip('`"').split(".")[-1].strip('`"').lower()
            for part in sql.split("EXISTS")[1:]]


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        Base.metadata.create_all(lab.engine)
        with lab.engine.begin() as conn:
            conn.execute(insert(User), [{"id": 1}, {"id": 2}])
            conn.execute(insert(Keyword), [{"id": 1, "name": "sql"}, {"id": 2, "name": "rust"}])
            conn.execute(insert(UserKeyword), [{"user_id": 1, "keyword_id": 1}, {"user_id": 2, "keyword_id": 2}])

    with Session(lab.engine) as session, lab.capture() as sent:
        by_any = session.scalars(select(User.id).where(User.keywords.any(Keyword.name == "sql"))).all()
        by_scalar = session.scalars(select(UserKeyword.user_id).where(UserKeyword.keyword_name == "sql")).all()
    any_sql, scalar_sql = (" ".join(s.sql.split()).upper() for s in sent.of_kind("SELECT"))
    lab.fact("users.keywords.any(...) returned", by_any)
    lab.fact("UserKeyword.keyword_name == 'sql' returned", by_scalar)
    shape = lab.fact("EXISTS and JOIN counts in the two statements",
                     [[any_sql.count("EXISTS"), any_sql.count(" JOIN ")], [scalar_sql.count("EXISTS"), scalar_sql.count(" JOIN ")]])

    nesting = lab.fact("tables the EXISTS subqueries read, outermost first",
                       [tables_of_exists(any_sql), tables_of_exists(scalar_sql)])

    return {
        "A": by_any == [1] and shape[0] == [2, 0] and nesting[0] == ["user_keyword", "keyword"],
        "B": shape[0][1] > 0,
        "C": by_scalar == [1] and shape[1] == [1, 0] and nesting[1] == ["keyword"],
        "D": " IN (" in any_sql,
    }


if __name__ == "__main__":
    run_alone(__file__)

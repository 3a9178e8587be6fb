"""Appending through an association proxy builds the association object with one positional argument."""

from sqlalchemy import ForeignKey, String
from sqlalchemy.ext.associationproxy import AssociationProxy, association_proxy
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

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
    kw_assocs: Mapped[list[UserKeyword]] = relationship()
    keywords: AssociationProxy[list[Keyword]] = association_proxy("kw_assocs", "keyword")
    tags: AssociationProxy[list[Keyword]] = association_proxy(
        "kw_assocs", "keyword", creator=lambda keyword: UserKeyword(keyword=keyword))


def prove(lab: Lab) -> dict[str, bool]:
    with lab.capture():
        Base.metadata.create_all(lab.engine)

    user, python = User(id=1), Keyword(id=1, word="python")
    plain = lab.attempt("user.keywords.append(python)", lambda: user.keywords.append(python))
    after_plain = lab.fact("len(user.kw_assocs) after the failed append", len(user.kw_assocs))

    other, sql = User(id=2), Keyword(id=2, word="sql")
    with_creator = lab.attempt("user.tags.append(sql), with creator=", lambda: other.tags.append(sql))
    made = lab.fact("association objects made with creator=", [(type(a).__name__, a.keyword.word) for a in other.kw_assocs])

    return {
        "A": plain.ok and after_plain == 1 and isinstance(user.kw_assocs[0], Keyword),
        "B": plain.ok,
        "C": with_creator.ok and made == [("UserKeyword", "sql")],
        "D": plain.raised(TypeError, match="positional argument") and after_plain == 0,
    }


if __name__ == "__main__":
    run_alone(__file__)

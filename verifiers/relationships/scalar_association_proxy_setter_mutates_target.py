"""Setting a scalar association proxy edits the object it points at, which other rows may share."""

from sqlalchemy import ForeignKey, String, func, insert, select
from sqlalchemy.ext.associationproxy import AssociationProxy, association_proxy
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Keyword(Base):
    __tablename__ = "keyword"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(20))


class Tagging(Base):
    __tablename__ = "tagging"
    id: Mapped[int] = mapped_column(primary_key=True)
    keyword_id: Mapped[int | None] = mapped_column(ForeignKey("keyword.id"))
    keyword: Mapped[Keyword | None] = relationship()
    keyword_name: AssociationProxy[str] = association_proxy("keyword", "name")


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        Base.metadata.create_all(lab.engine)
        with lab.engine.begin() as conn:
            conn.execute(insert(Keyword).values(id=1, name="python"))
            conn.execute(insert(Tagging), [{"id": 1, "keyword_id": 1}, {"id": 2, "keyword_id": 1},
                                           {"id": 3, "keyword_id": None}])

    with Session(lab.engine) as session:
        first, second, untagged = (session.get(Tagging, i) for i in (1, 2, 3))
        lab.fact("second.keyword_name before", second.keyword_name)
        first.keyword_name = "renamed"
        with lab.capture() as flushing:
            session.flush()
        sent = lab.fact("the flush's statements, by kind and table",
                        [f"{s.kind} {'keyword' if s.mentions('keyword') and not s.mentions('tagging') else 'tagging'}"
                         for s in flushing.queries])
        seen_by_second = lab.fact("second.keyword_name after the flush", second.keyword_name)
        keywords = lab.fact("keyword rows", session.scalar(select(func.count()).select_from(Keyword)))
        no_target = lab.attempt('untagged.keyword_name = "new" (its keyword is None)',
                                lambda: setattr(untagged, "keyword_name", "new"))
        lab.fact("the TypeError says Keyword's constructor got one positional argument too many",
                 no_target.raised(TypeError, match="takes 1 positional argument but 2 were given"))
        session.rollback()
    renaming = lab.fact("the UPDATE's bound values (name, keyword id)",
                        [u.values for u in flushing.of_kind("UPDATE")])

    return {
        "A": sent == ["UPDATE keyword"] and renaming == [["renamed", 1]]
             and seen_by_second == "renamed" and keywords == 1,
        "B": "INSERT keyword" in sent or keywords == 2,
        "C": no_target.raised(TypeError),
        "D": seen_by_second == "python",
    }


if __name__ == "__main__":
    run_alone(__file__)

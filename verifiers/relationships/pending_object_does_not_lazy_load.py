"""A pending object's many-to-one is not lazy-loaded from its foreign key unless load_on_pending=True."""

from typing import NamedTuple, Optional

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Post(Base):
    __tablename__ = "post"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(50))


class Comment(Base):
    __tablename__ = "comment"
    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[Optional[int]] = mapped_column(ForeignKey("post.id"))
    post: Mapped[Optional[Post]] = relationship()


class Draft(Base):
    __tablename__ = "draft"
    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[Optional[int]] = mapped_column(ForeignKey("post.id"))
    post: Mapped[Optional[Post]] = relationship(load_on_pending=True)


class Reading(NamedTuple):
    title: str | None  # title of .post read while the object is pending
    sql: list[str]  # statement kinds that read sent
    error: str | None  # exception that read raised
    pending: bool  # object still pending after the read
    sql_after_flush: list[str]  # statement kinds of a second read after session.flush()
    title_after_flush: str | None


def title_of(post: Optional[Post]) -> str | None:
    return None if post is None else post.title


def read_post_of_pending(lab: Lab, cls: type, autoflush: bool) -> Reading:
    """Add a new `cls(post_id=1)` to a fresh session and read `.post`, then flush and read it again."""
    label = f"{cls.__name__}, {'autoflush on' if autoflush else 'inside no_autoflush'}"
    with Session(lab.engine) as session:
        obj = cls(post_id=1)
        session.add(obj)
        title, error = None, None
        with lab.capture() as reading:
            try:
                if autoflush:
                    title = title_of(obj.post)
                else:
                    with session.no_autoflush:
                        title = title_of(obj.post)
            except Exception as exc:  # the option that says the read raises needs the failure, not a crash
                error = type(exc).__name__
        lab.fact(f"{label}: title of .post read while pending", title)
        lab.fact(f"{label}: statements sent by that read", reading.queries.kinds())
        lab.fact(f"{label}: exception", error)
        pending = lab.fact(f"{label}: still pending after that read", lab.state(obj).pending)

        session.flush()
        with lab.capture() as rereading:
            title_after_flush = lab.fact(f"{label}: title of .post read again after session.flush()", title_of(obj.post))
        lab.fact(f"{label}: statements sent by the read after the flush", rereading.queries.kinds())
        session.rollback()
    return Reading(title, reading.queries.kinds(), error, pending, rereading.queries.kinds(), title_after_flush)


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)
    with Session(lab.engine) as session:
        session.add(Post(id=1, title="hello"))
        session.commit()

    case1 = read_post_of_pending(lab, Comment, autoflush=False)
    case2 = read_post_of_pending(lab, Draft, autoflush=False)
    case3 = read_post_of_pending(lab, Comment, autoflush=True)
    lab.fact("case 3: statements sent by reading c.post while pending", case3.sql)
    lab.fact("case 3: statements and title of reading c.post again after the flush", [case3.sql_after_flush, case3.title_after_flush])

    return {
        "A": case1.title == "hello" and case1.sql == ["SELECT"],
        "B": case1.title is None and case1.sql == [] and case1.error is None,
        "C": case2.title == "hello" and case2.sql == ["SELECT"] and case2.pending,
        "D": case1.error is not None,
        "E": "INSERT" in case3.sql and case3.title == "hello",
        "F": case3.title is None and case3.title_after_flush is None,
    }


if __name__ == "__main__":
    run_alone(__file__)

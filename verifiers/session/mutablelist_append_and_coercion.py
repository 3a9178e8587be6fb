"""MutableList tracks append() and writes the whole list; as_mutable() coerces assigned plain dicts and lists."""

import json
from typing import Any

from sqlalchemy import JSON, select
from sqlalchemy.ext.mutable import MutableDict, MutableList
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Post(Base):
    __tablename__ = "post"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    tags: Mapped[list[str]] = mapped_column(MutableList.as_mutable(JSON))
    meta: Mapped[dict[str, Any]] = mapped_column(MutableDict.as_mutable(JSON))


def as_json(bound: Any) -> Any:
    """A bound JSON value as Python data: a serialized string, or psycopg's Json wrapper (its .obj)."""
    bound = getattr(bound, "obj", bound)
    return json.loads(bound) if isinstance(bound, str) else bound


def stored_row(lab: Lab) -> list[Any]:
    with lab.other_connection() as other:
        return list(other.execute(select(Post.tags, Post.meta).where(Post.id == 1)).one())


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)
    with lab.setup(), Session(lab.engine) as setup:
        setup.add(Post(id=1, tags=["a"], meta={"v": 1}))
        setup.commit()

    # The question's code.
    with Session(lab.engine) as session:
        post = session.get(Post, 1)
        with lab.capture() as first:
            post.tags.append("b")
            lab.fact("session.is_modified(post) after append()", session.is_modified(post))
            session.commit()  # (1)
        with lab.capture() as second:
            assigning = lab.attempt("post.meta = {'v': 2}", lambda: setattr(post, "meta", {"v": 2}))
            printed = lab.fact("type(post.meta).__name__ printed", type(post.meta).__name__)
            session.commit()  # (2)
        with lab.capture() as third:
            post.meta["v"] = 3
            session.commit()  # (3)
    updates = [first.count("UPDATE"), second.count("UPDATE"), third.count("UPDATE")]
    lab.fact("UPDATEs sent by commits (1), (2), (3)", updates)
    first_update = first.of_kind("UPDATE")
    whole_list = lab.fact("the UPDATE of commit (1) binds the whole list",
                          first_update.count() == 1
                          and ["a", "b"] in [as_json(v) for v in first_update[0].values])
    stored = lab.fact("tags and meta another connection reads", stored_row(lab))

    # The explanation's last sentences: a plain list is coerced too; a value of the wrong kind is refused.
    with Session(lab.engine) as session:
        post = session.get(Post, 1)
        post.tags = ["x"]
        lab.fact("type of post.tags after assigning a plain list", type(post.tags).__name__)
        wrong = lab.attempt("post.meta = [1]", lambda: setattr(post, "meta", [1]))
        lab.fact("assigning a list to post.meta raises ValueError", wrong.raised(ValueError))
        session.rollback()

    return {
        "A": first.count("UPDATE") == 0,
        "B": first_update.count() == 1 and not whole_list,
        "C": printed == "dict",
        "D": assigning.raised(ValueError),
        "E": updates == [1, 1, 1] and stored == [["a", "b"], {"v": 3}],
    }


if __name__ == "__main__":
    run_alone(__file__)

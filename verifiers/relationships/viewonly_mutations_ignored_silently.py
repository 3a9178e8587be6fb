"""A viewonly collection accepts changes in Python without a word, writes none of them, and is not refreshed by flushes."""

import warnings
from typing import Optional

from sqlalchemy import ForeignKey, String, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Parent(Base):
    __tablename__ = "parent"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    name: Mapped[str] = mapped_column(String(50))
    children: Mapped[list["Child"]] = relationship()
    ro_children: Mapped[list["Child"]] = relationship(viewonly=True)


class Child(Base):
    __tablename__ = "child"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    parent_id: Mapped[Optional[int]] = mapped_column(ForeignKey("parent.id"))


def child_names_in_database(lab: Lab) -> list[str]:
    with lab.other_connection() as other:
        return sorted(other.scalars(select(Child.name)))


def prove(lab: Lab) -> dict[str, bool]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        Base.registry.configure()
    configure_warnings = lab.fact("warnings while the mappers were configured", [str(w.message) for w in caught])

    Base.metadata.create_all(lab.engine)
    with Session(lab.engine) as setup:
        setup.add(Parent(id=1, name="p"))
        setup.commit()

    # 1. Append a new object to the viewonly collection, then commit.
    with Session(lab.engine) as session:
        p = session.get(Parent, 1)
        lab.fact("p.ro_children before the append", [k.name for k in p.ro_children])
        x = Child(name="x")
        append_error = None
        with lab.capture() as appending:
            try:
                p.ro_children.append(x)
            except SQLAlchemyError as exc:
                append_error = type(exc).__name__
        lab.fact("exception raised by the append", append_error)
        lab.fact("statements sent by the append", appending.kinds())
        x_in_session = lab.fact("x in session after the append", x in session)
        with lab.capture() as committing:
            session.commit()
        lab.fact("statements sent by the commit", committing.kinds())
    rows_after_append = lab.fact("child rows after the commit", child_names_in_database(lab))

    # 2. Write a child through the writable relationship while the viewonly one is loaded.
    with Session(lab.engine) as session:
        p = session.get(Parent, 1)
        lab.fact("p.ro_children loaded before the write", [k.name for k in p.ro_children])
        p.children.append(Child(name="d"))
        session.flush()
        with lab.capture() as reading_after_flush:
            after_flush = lab.fact("p.ro_children after flushing d", [k.name for k in p.ro_children])
        session.expire(p, ["ro_children"])
        with lab.capture() as reading_after_expire:
            after_expire = lab.fact("p.ro_children after session.expire(p, ['ro_children'])", [k.name for k in p.ro_children])
        session.commit()
    lab.fact("statements sent reading it after the flush", reading_after_flush.kinds())
    lab.fact("statements sent reading it after the expire", reading_after_expire.kinds())

    return {
        "A": append_error == "InvalidRequestError",
        "B": x_in_session and "x" in rows_after_append,
        "C": append_error is None and not x_in_session and appending.count() == 0 and committing.count("INSERT") == 0 and "x" not in rows_after_append,
        "D": any("conflicts with relationship" in w for w in configure_warnings),
        "E": "d" not in after_flush and reading_after_flush.count() == 0,
        "F": "d" in after_expire and reading_after_expire.count("SELECT") == 1,
    }


if __name__ == "__main__":
    run_alone(__file__)

"""A duplicated row in a key-less association table loads as one link, and removing that link fails the flush."""

from sqlalchemy import Column, ForeignKey, String, Table, func, insert, select
from sqlalchemy.orm.exc import StaleDataError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


# No primary key and no unique constraint: nothing stops the same pair being stored twice.
user_badge = Table(
    "user_badge",
    Base.metadata,
    Column("user_id", ForeignKey("users.id")),
    Column("group_id", ForeignKey("groups.id")),
)


class Group(Base):
    __tablename__ = "groups"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    badges: Mapped[list[Group]] = relationship(secondary=user_badge)


def link_rows(lab: Lab) -> int:
    """How many rows of user_badge another connection counts."""
    with lab.other_connection() as other:
        return other.scalar(select(func.count()).select_from(user_badge))


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)
    with Session(lab.engine) as session:
        session.add_all([User(id=1, name="ada"), Group(id=1, name="staff")])
        session.flush()
        session.execute(insert(user_badge), [{"user_id": 1, "group_id": 1}, {"user_id": 1, "group_id": 1}])
        session.commit()
    lab.fact("rows in user_badge before the test", link_rows(lab))

    with Session(lab.engine) as session:
        ada = session.get(User, 1)
        with lab.capture() as lazy_load:
            loaded = lab.fact("names in ada.badges after loading", [g.name for g in ada.badges])
        (lazy_select,) = lazy_load.of_kind("SELECT")
        with lab.other_connection() as other:  # the very statement the lazy load sent, run again to count its rows
            lab.fact(
                "rows the lazy load's SELECT returns",
                len(other.exec_driver_sql(lazy_select.sql, lazy_select.parameters).all()),
            )
        staff = ada.badges[0]
        ada.badges.remove(staff)
        with lab.capture() as flushing:
            flushed = lab.attempt("session.flush()", session.flush)
        lab.fact(
            "the flush's error says 1 row expected, 2 matched",
            "expected to delete 1 row(s); Only 2 were matched" in flushed.message,
        )
        lab.fact("statements the flush sent", [f"{s.kind} {'user_badge' if s.mentions('user_badge') else ''}" for s in flushing.queries])
        if flushed.ok:
            session.commit()
        else:
            session.rollback()
    remaining = lab.fact("rows in user_badge afterwards", link_rows(lab))
    link_deletes = flushing.of_kind("DELETE").mentioning("user_badge")

    return {
        "A": loaded == ["staff", "staff"],
        "B": loaded == ["staff"],
        "C": flushed.raised(StaleDataError) and remaining == 2,
        "D": flushed.ok and remaining == 0,
        "E": flushed.ok and remaining == 1,
        "F": not flushed.ok and len(link_deletes) == 0,
    }


if __name__ == "__main__":
    run_alone(__file__)

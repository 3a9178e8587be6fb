"""A writable relationship with an extra primaryjoin criterion writes only the foreign key; rows outside the criterion vanish on reload."""

from typing import Optional

from sqlalchemy import ForeignKey, String, and_, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    boston_addresses: Mapped[list["Address"]] = relationship(
        primaryjoin=lambda: and_(User.id == Address.user_id, Address.city == "Boston"),
    )


class Address(Base):
    __tablename__ = "address"
    id: Mapped[int] = mapped_column(primary_key=True)
    street: Mapped[str] = mapped_column(String(50))
    city: Mapped[Optional[str]] = mapped_column(String(50))
    user_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)
    with Session(lab.engine) as session:
        session.add(User(id=1, name="ada"))
        session.commit()

    with Session(lab.engine) as session:
        ada = session.get(User, 1)

        def append_three() -> None:
            ada.boston_addresses.append(Address(street="1 Beacon St", city="Boston"))
            ada.boston_addresses.append(Address(street="2 Broadway", city="NYC"))
            ada.boston_addresses.append(Address(street="3 Nowhere"))

        appending = lab.attempt("the three appends", append_three)
        cities_in_memory = lab.fact("city of each appended address before the flush", [a.city for a in ada.boston_addresses])

        with lab.capture() as flushed:
            session.flush()
        inserts = flushed.of_kind("INSERT")
        lab.fact("statements the flush sent", flushed.queries.kinds())
        with lab.capture() as reading_after_flush:
            after_flush = lab.fact("streets in ada.boston_addresses after the flush", [a.street for a in ada.boston_addresses])
        after_flush_sql = lab.fact("statements sent by that read", reading_after_flush.queries.kinds())

        session.commit()
        with lab.capture() as reading_after_commit:
            after_commit = lab.fact("streets in ada.boston_addresses after the commit", [a.street for a in ada.boston_addresses])
        lab.fact("statements sent by the read after the commit", reading_after_commit.queries.kinds())
        lab.fact(
            "the reload after the commit binds 'Boston'",
            any("Boston" in s.values for s in reading_after_commit.of_kind("SELECT")),
        )

    with lab.other_connection() as other:
        rows = lab.fact(
            "address rows (street, city, user_id)",
            [tuple(r) for r in other.execute(select(Address.street, Address.city, Address.user_id).order_by(Address.street))],
        )
    stored = {street: (city, user_id) for street, city, user_id in rows}

    return {
        "A": cities_in_memory.count("Boston") == 3 or all(city == "Boston" for city, _ in stored.values()),
        "B": not appending.ok,
        "C": len(inserts) >= 1 and stored == {
            "1 Beacon St": ("Boston", 1), "2 Broadway": ("NYC", 1), "3 Nowhere": (None, 1)
        },
        "D": len(after_flush) == 3 and after_flush_sql == [],
        "E": after_commit == ["1 Beacon St"],
        "F": len(after_commit) == 3,
    }


if __name__ == "__main__":
    run_alone(__file__)

"""immediateload(): every collection is lazy-loaded while the query itself is being loaded, one SELECT per parent."""

from sqlalchemy import ForeignKey, String, insert, select
from sqlalchemy.orm import (DeclarativeBase, Mapped, Session, immediateload, mapped_column, relationship,
                            selectinload)

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(20))
    addresses: Mapped[list["Address"]] = relationship()


class Address(Base):
    __tablename__ = "addresses"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        Base.metadata.create_all(lab.engine)
        with lab.engine.begin() as conn:
            conn.execute(insert(User), [{"id": i, "name": f"u{i}"} for i in (1, 2, 3)])
            conn.execute(insert(Address), [{"id": i, "user_id": (i + 1) // 2} for i in range(1, 7)])

    with Session(lab.engine) as session:
        with lab.capture() as querying:
            users = session.scalars(select(User).options(immediateload(User.addresses))).all()
        during = lab.fact("SELECTs sent by the query itself", querying.count("SELECT"))
        in_lists = lab.fact("IN lists among them", sum(s.has_in_list for s in querying.of_kind("SELECT")))
        with lab.capture() as reading:
            counts = [len(u.addresses) for u in users]
        after = lab.fact("statements sent reading the collections", reading.kinds())
        per_user = lab.fact("user ids bound by the SELECTs after the first",
                            [s.values for s in querying.of_kind("SELECT")[1:]])

    with Session(lab.engine) as session:
        with lab.capture() as selectin:
            users = session.scalars(select(User).options(selectinload(User.addresses))).all()
        with lab.capture() as selectin_reading:
            [len(u.addresses) for u in users]
        lab.fact("selectinload(User.addresses): SELECTs, IN lists, statements reading the collections",
                 [selectin.count("SELECT"), sum(s.has_in_list for s in selectin.of_kind("SELECT")),
                  selectin_reading.kinds()])

    return {
        "A": during == 1 and after == [],
        "B": during == 2 and in_lists == 1 and after == [],
        "C": during == 1 and reading.count("SELECT") == 3,
        "D": during == 4 and in_lists == 0 and sorted(per_user) == [[1], [2], [3]] and after == []
        and counts == [2, 2, 2],
    }


if __name__ == "__main__":
    run_alone(__file__)

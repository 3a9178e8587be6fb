"""2.0-style select() of an entity joined to a collection: one entry per row, duplicates included; legacy Query uniqued."""

from collections import Counter

from sqlalchemy import ForeignKey, String, insert, select
from sqlalchemy.exc import InvalidRequestError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, joinedload, mapped_column, relationship

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
        modern = session.scalars(select(User).join(User.addresses).order_by(User.id)).all()
        legacy = session.query(User).join(User.addresses).order_by(User.id).all()
        deduped = session.scalars(select(User).join(User.addresses).order_by(User.id)).unique().all()
        with_any = session.scalars(select(User).where(User.addresses.any())).all()
        joined = lab.attempt("joinedload(User.addresses) without unique()",
                             lambda: session.scalars(select(User).options(joinedload(User.addresses))).all())
    per_user = lab.fact("times each user appears in select()", sorted(Counter(u.id for u in modern).values()))
    lab.fact("entries from select(User).where(User.addresses.any())", len(with_any))
    lab.fact("joinedload of a collection raises without unique()", joined.raised(InvalidRequestError, match="unique"))
    shape = lab.fact("entries, distinct objects: select(), Query, select() + unique()", [
        [len(modern), len({id(u) for u in modern})],
        [len(legacy), len({id(u) for u in legacy})],
        [len(deduped), len({id(u) for u in deduped})],
    ])

    return {
        "A": shape[0] == [6, 6],
        "B": shape[0][0] == 3 and shape[1][0] == 3,
        "C": shape[0] == [6, 3] and per_user == [2, 2, 2] and shape[1][0] == 3,
        "D": shape[0] == [6, 3] and shape[1] == [6, 3],
    }


if __name__ == "__main__":
    run_alone(__file__)

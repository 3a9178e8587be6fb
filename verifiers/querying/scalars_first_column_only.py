"""scalars() keeps only the first column of each row; mappings() keys an entity by its class name."""

from sqlalchemy import ForeignKey, String, insert, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship

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
    email: Mapped[str] = mapped_column(String(50))


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        Base.metadata.create_all(lab.engine)
        with lab.engine.begin() as conn:
            conn.execute(insert(User), [{"id": 1, "name": "ada"}, {"id": 2, "name": "bob"}])
            conn.execute(insert(Address), [{"id": 1, "user_id": 1, "email": "a1"}, {"id": 2, "user_id": 1, "email": "a2"},
                                           {"id": 3, "user_id": 2, "email": "b1"}])

    pair = select(User, Address).join(User.addresses).order_by(Address.id)
    with Session(lab.engine) as session:
        scalars = session.scalars(pair).all()
        kinds = lab.fact("types returned by scalars()", [type(x).__name__ for x in scalars])
        names = lab.fact("names in scalars()", [u.name for u in scalars])
        rows = session.execute(pair).all()
        lab.fact("each execute() row has two elements", all(len(r) == 2 for r in rows))
        keys = lab.fact("mappings() keys of select(User)", sorted(session.execute(select(User)).mappings().first().keys()))

    return {
        "A": names == ["ada", "bob"],
        "B": kinds == ["User", "Address", "User", "Address", "User", "Address"],
        "C": kinds == ["User", "User", "User"] and names == ["ada", "ada", "bob"] and keys == ["User"],
        "D": keys == ["id", "name"],
    }


if __name__ == "__main__":
    run_alone(__file__)

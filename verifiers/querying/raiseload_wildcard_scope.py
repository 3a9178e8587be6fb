"""raiseload("*") yields to explicit relationship options, reaches related objects, and leaves deferred columns alone."""

from sqlalchemy import ForeignKey, String, Text, exc, insert, select
from sqlalchemy.orm import (DeclarativeBase, Mapped, Session, defer, mapped_column, raiseload, relationship,
                            selectinload)

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    name: Mapped[str] = mapped_column(String(20))
    bio: Mapped[str] = mapped_column(Text)
    addresses: Mapped[list["Address"]] = relationship(back_populates="user", order_by="Address.id")


class Address(Base):
    __tablename__ = "addresses"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    email: Mapped[str] = mapped_column(String(50))
    user: Mapped[User] = relationship(back_populates="addresses")


def user_raises(address: Address) -> bool:
    """Whether reading address.user raises InvalidRequestError (lazy='raise')."""
    try:
        address.user
    except exc.InvalidRequestError:
        return True
    return False


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        Base.metadata.create_all(lab.engine)
        with lab.engine.begin() as conn:
            conn.execute(insert(User), [{"id": i, "name": f"u{i}", "bio": f"bio {i}"} for i in (1, 2, 3)])
            conn.execute(insert(Address), [{"id": 10 * i + j, "user_id": i, "email": f"u{i}_{j}@example.com"}
                                           for i in (1, 2, 3) for j in (0, 1)])

    with Session(lab.engine) as session:
        with lab.capture() as loading:
            users = session.scalars(
                select(User)
                .options(raiseload("*"), selectinload(User.addresses), defer(User.bio))
                .order_by(User.id)
            ).all()
        loading_selects = lab.fact("SELECTs sent while loading", loading.count("SELECT"))
        lab.fact("the second SELECT has an IN list", loading.of_kind("SELECT")[-1].has_in_list)
        u = users[0]

        with lab.capture() as reading_addresses:
            addresses = lab.attempt("len(u.addresses)", lambda: len(u.addresses))
        addresses_sql = lab.fact("statements sent reading u.addresses", reading_addresses.count())

        with lab.capture() as reading_user:
            back = lab.attempt("u.addresses[0].user", lambda: u.addresses[0].user)
        lab.fact("statements sent reading u.addresses[0].user", reading_user.count())
        lab.fact("message reading u.addresses[0].user", back.message)
        lab.fact("addresses (of all users) whose .user raises InvalidRequestError",
                 sum(user_raises(a) for x in users for a in x.addresses))

        with lab.capture() as reading_bio:
            bio = lab.attempt("u.bio", lambda: u.bio)
        bio_selects = lab.fact("SELECTs sent reading u.bio", reading_bio.count("SELECT"))

    # The same load without raiseload("*"): the address's user comes from the identity map, with no SQL.
    with Session(lab.engine) as session:
        plain = session.scalars(select(User).options(selectinload(User.addresses)).order_by(User.id)).all()
        with lab.capture() as plain_reading:
            plain_back = plain[0].addresses[0].user
        lab.fact("without raiseload('*'): address.user is u, statements sent",
                 [plain_back is plain[0], plain_reading.count()])

    return {
        "A": loading_selects == 2 and addresses.ok and addresses.value == 2 and addresses_sql == 0,
        "B": addresses.raised(exc.InvalidRequestError),
        "C": back.raised(exc.InvalidRequestError, match="lazy='raise'"),
        "D": not bio.ok,
        "E": bio.ok and bio.value == "bio 1" and bio_selects == 1,
        "F": back.ok and back.value is u,
    }


if __name__ == "__main__":
    run_alone(__file__)

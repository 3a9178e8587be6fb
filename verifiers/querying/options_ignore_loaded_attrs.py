"""A loader option in a later query does not reach a relationship already loaded on an identity-mapped object."""

from sqlalchemy import ForeignKey, String, insert, select
from sqlalchemy.exc import InvalidRequestError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, raiseload, relationship

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(20))
    addresses: Mapped[list["Address"]] = relationship(viewonly=True)


class Address(Base):
    __tablename__ = "addresses"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    user: Mapped[User] = relationship()


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        Base.metadata.create_all(lab.engine)
        with lab.engine.begin() as conn:
            conn.execute(insert(User).values(id=1, name="ada"))
            conn.execute(insert(Address).values(id=1, user_id=1))

    with Session(lab.engine) as session:
        a = session.get(Address, 1)
        a.user  # loaded now
        strict = select(Address).where(Address.id == 1).options(raiseload(Address.user))
        again = session.scalars(strict).one()
        after_reselect = lab.attempt("a.user after re-selecting with raiseload", lambda: again.user.name)
        session.scalars(strict.execution_options(populate_existing=True)).one()
        after_populate = lab.attempt("a.user after re-selecting with raiseload and populate_existing",
                                     lambda: a.user.name)
        still_loaded = lab.fact("'user' in a.__dict__ afterwards", "user" in a.__dict__)

    with Session(lab.engine) as session:
        user = session.get(User, 1)
        user.addresses  # a loaded collection
        session.scalars(select(User).options(raiseload(User.addresses))
                        .execution_options(populate_existing=True)).one()
        collection_dropped = "addresses" not in user.__dict__
        collection_read = lab.attempt("user.addresses after populate_existing with raiseload", lambda: user.addresses)
        lab.fact("a loaded collection after populate_existing with raiseload",
                 collection_dropped and collection_read.raised(InvalidRequestError))

    with Session(lab.engine) as session:
        fresh = session.scalars(select(Address).options(raiseload(Address.user))).one()
        fresh_read = lab.attempt("a fresh session: a.user with raiseload", lambda: fresh.user)

    return {
        "A": after_reselect.raised(InvalidRequestError),
        "B": again is a and after_reselect.ok and after_reselect.value == "ada" and after_populate.ok and still_loaded
        and fresh_read.raised(InvalidRequestError, match="raise"),
        "C": after_reselect.ok and after_populate.raised(InvalidRequestError),
        "D": again is not a and after_reselect.raised(InvalidRequestError) and after_populate.ok,
    }


if __name__ == "__main__":
    run_alone(__file__)

"""delete-orphan on a many-to-one: refused at configuration unless single_parent=True, which is then enforced."""

from sqlalchemy import ForeignKey
from sqlalchemy.exc import ArgumentError, InvalidRequestError
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from verifiers import Lab, run_alone


class PlainBase(DeclarativeBase):  # a registry of its own, since its configuration fails
    pass


class User(PlainBase):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)


class Address(PlainBase):
    __tablename__ = "address"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    user: Mapped[User] = relationship(cascade="all, delete-orphan")


class Base(DeclarativeBase):
    pass


class Owner(Base):
    __tablename__ = "owner"
    id: Mapped[int] = mapped_column(primary_key=True)


class Car(Base):
    __tablename__ = "car"
    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("owner.id"))
    owner: Mapped[Owner] = relationship(cascade="all, delete-orphan", single_parent=True)


def prove(lab: Lab) -> dict[str, bool]:
    plain = lab.attempt("configuring Address.user without single_parent", PlainBase.registry.configure)
    with_flag = lab.attempt("configuring Car.owner with single_parent=True", Base.registry.configure)

    with lab.capture():
        Base.metadata.create_all(lab.engine)

    owner = Owner(id=1)
    Car(id=1, owner=owner)
    second = lab.attempt("Car(id=2, owner=owner): a second car for the same owner", lambda: Car(id=2, owner=owner))

    return {
        "A": plain.raised(ArgumentError, match="single_parent=True"),
        "B": plain.ok,
        "C": with_flag.ok and second.raised(InvalidRequestError, match="only allowed a single parent"),
        "D": with_flag.ok and second.ok,
    }


if __name__ == "__main__":
    run_alone(__file__)

"""Two foreign keys to the same table: each relationship must say which one it uses, the reverse side included."""

from sqlalchemy import ForeignKey, inspect
from sqlalchemy.exc import AmbiguousForeignKeysError
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from verifiers import Lab, run_alone

DEFINED = []


class OneSidedBase(DeclarativeBase):  # foreign_keys on the Customer side only
    pass


class Address(OneSidedBase):
    __tablename__ = "address"
    id: Mapped[int] = mapped_column(primary_key=True)
    billed: Mapped[list["Customer"]] = relationship(back_populates="billing")


class Customer(OneSidedBase):
    __tablename__ = "customer"
    id: Mapped[int] = mapped_column(primary_key=True)
    billing_id: Mapped[int] = mapped_column(ForeignKey("address.id"))
    shipping_id: Mapped[int] = mapped_column(ForeignKey("address.id"))
    billing: Mapped[Address] = relationship(foreign_keys=[billing_id], back_populates="billed")


DEFINED.append("Customer")


class Base(DeclarativeBase):  # foreign_keys on both sides
    pass


class Place(Base):
    __tablename__ = "place"
    id: Mapped[int] = mapped_column(primary_key=True)
    billed: Mapped[list["Client"]] = relationship(back_populates="billing", foreign_keys="Client.billing_id")


class Client(Base):
    __tablename__ = "client"
    id: Mapped[int] = mapped_column(primary_key=True)
    billing_id: Mapped[int] = mapped_column(ForeignKey("place.id"))
    shipping_id: Mapped[int] = mapped_column(ForeignKey("place.id"))
    billing: Mapped[Place] = relationship(foreign_keys=[billing_id], back_populates="billed")


def prove(lab: Lab) -> dict[str, bool]:
    lab.fact("class statements that completed", list(DEFINED))
    one_sided = lab.attempt("configuring with foreign_keys on Customer.billing only", OneSidedBase.registry.configure)
    both = lab.attempt("configuring with foreign_keys on both sides", Base.registry.configure)
    direction = lab.fact("Place.billed direction", inspect(Place).relationships["billed"].direction.name if both.ok else None)

    with lab.capture():
        Base.metadata.create_all(lab.engine)

    return {
        "A": DEFINED == ["Customer"] and one_sided.raised(AmbiguousForeignKeysError, match="Address.billed"),
        "B": one_sided.ok,
        "C": both.ok and direction == "ONETOMANY",
        "D": DEFINED != ["Customer"],
    }


if __name__ == "__main__":
    run_alone(__file__)

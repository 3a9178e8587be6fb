"""noload: an always-empty collection with no SQL, and whether SQLAlchemy warns that it is deprecated."""

import warnings
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy import ForeignKey, String, exc, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, noload, relationship

from verifiers import Lab, run_alone

T = TypeVar("T")


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    name: Mapped[str] = mapped_column(String(50))
    addresses: Mapped[list["Address"]] = relationship()
    # The same rows, configured to never load.
    never_loaded: Mapped[list["Address"]] = relationship(lazy="noload", viewonly=True)


class Address(Base):
    __tablename__ = "addresses"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    email: Mapped[str] = mapped_column(String(100))


def deprecations_during(action: Callable[[], T]) -> tuple[T, list[str]]:
    """What ``action()`` returns, and the messages of the deprecation warnings it raised."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = action()
    return result, [str(w.message) for w in caught if issubclass(w.category, DeprecationWarning)]


def prove(lab: Lab) -> dict[str, bool]:
    # Configuring the mappers is when lazy="noload" is looked at; do it here, where warnings are watched.
    _, configure_warnings = deprecations_during(Base.registry.configure)
    lab.fact("deprecation warnings while configuring lazy='noload'", configure_warnings)

    Base.metadata.create_all(lab.engine)
    with Session(lab.engine) as session:
        session.add(User(id=1, name="ada", addresses=[Address(id=1, email="a1"), Address(id=2, email="a2")]))
        session.commit()

    option, option_warnings = deprecations_during(lambda: noload(User.addresses))
    lab.fact("deprecation warnings while creating noload(User.addresses)", option_warnings)

    with Session(lab.engine) as session:
        user = session.scalars(select(User).options(option)).one()
        with lab.capture() as reading:
            try:
                seen = [a.email for a in user.addresses]
                never = [a.email for a in user.never_loaded]
                read_error = None
            except exc.InvalidRequestError as error:
                seen = never = None
                read_error = type(error).__name__
        lab.fact("user.addresses with noload() / user.never_loaded / error", (seen, never, read_error))
        lab.fact("statements sent while reading both", reading.kinds())

        user.addresses.append(Address(id=3, email="a3"))
        session.commit()

    with lab.other_connection() as other:
        stored = lab.fact(
            "addresses stored for user 1 (another connection)",
            sorted(other.scalars(select(Address.email).where(Address.user_id == 1))),
        )

    return {
        "A": seen == [] and never == [] and reading.count() == 0,
        "B": any("noload" in message for message in option_warnings),
        "C": any("noload" in message for message in configure_warnings),
        "D": read_error is not None,
        "E": stored == ["a1", "a2", "a3"],
    }


if __name__ == "__main__":
    run_alone(__file__)

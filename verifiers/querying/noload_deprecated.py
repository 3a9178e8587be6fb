"""noload: an always-empty collection with no SQL, and whether SQLAlchemy warns that it is deprecated."""

import warnings
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy import ForeignKey, String, exc, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, noload, raiseload, relationship

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


def warnings_during(action: Callable[[], T]) -> tuple[T, list[warnings.WarningMessage]]:
    """What ``action()`` returns, and every warning it raised."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = action()
    return result, list(caught)


def deprecations(caught: list[warnings.WarningMessage]) -> list[str]:
    """The messages of the deprecation warnings among ``caught``."""
    return [str(w.message) for w in caught if issubclass(w.category, DeprecationWarning)]


def class_and_first_sentence(caught: list[warnings.WarningMessage]) -> list[list[str]]:
    """Each warning as its class and the first sentence of its message."""
    return [[w.category.__name__, str(w.message).split(".  ")[0].rstrip(".")] for w in caught]


def prove(lab: Lab) -> dict[str, bool]:
    # Configuring the mappers is when lazy="noload" is looked at; do it here, where warnings are watched.
    _, configuring = warnings_during(Base.registry.configure)
    configure_warnings = lab.fact("deprecation warnings while configuring lazy='noload'", deprecations(configuring))
    lab.fact("warnings while configuring lazy='noload': class and first sentence", class_and_first_sentence(configuring))

    Base.metadata.create_all(lab.engine)
    with Session(lab.engine) as session:
        session.add(User(id=1, name="ada", addresses=[Address(id=1, email="a1"), Address(id=2, email="a2")]))
        session.commit()

    option, creating = warnings_during(lambda: noload(User.addresses))
    option_warnings = lab.fact("deprecation warnings while creating noload(User.addresses)", deprecations(creating))
    lab.fact("warnings while creating noload(User.addresses): class and first sentence", class_and_first_sentence(creating))
    lab.fact("classes of the warnings while configuring / while creating the option",
             [[w.category.__name__ for w in configuring], [w.category.__name__ for w in creating]])
    lab.fact("each noload warning says it produces incorrect results",
             [("incorrect results" in str(w.message)) for w in configuring + creating])

    with Session(lab.engine) as session:
        user = session.scalars(select(User).options(option)).one()
        with lab.capture() as reading:
            read = lab.attempt(
                "reading user.addresses (noload()) and user.never_loaded",
                lambda: ([a.email for a in user.addresses], [a.email for a in user.never_loaded]),
            )
        lab.fact("statements sent while reading both", reading.kinds())

        user.addresses.append(Address(id=3, email="a3"))
        session.commit()

    with Session(lab.engine) as session:
        guarded = session.scalars(select(User).options(raiseload(User.addresses))).one()
        with lab.capture():
            guarded_read = lab.attempt("reading user.addresses under raiseload()", lambda: list(guarded.addresses))
        lab.fact("exception class reading user.addresses under raiseload()", guarded_read.error_class)

    with lab.other_connection() as other:
        stored = lab.fact(
            "addresses stored for user 1 (another connection)",
            sorted(other.scalars(select(Address.email).where(Address.user_id == 1))),
        )

    return {
        "A": read.ok and read.value == ([], []) and reading.count() == 0,
        "B": any("noload" in message for message in option_warnings),
        "C": any("noload" in message for message in configure_warnings),
        "D": read.raised(exc.InvalidRequestError),
        "E": stored == ["a1", "a2", "a3"],
    }


if __name__ == "__main__":
    run_alone(__file__)

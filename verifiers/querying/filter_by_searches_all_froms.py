"""After a join, which entity filter_by() searches: the last joined one (2.0) or every FROM entity (2.1)."""

from collections.abc import Callable

from sqlalchemy import ForeignKey, String, exc, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    addresses: Mapped[list["Address"]] = relationship()


class Address(Base):
    __tablename__ = "addresses"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    email: Mapped[str] = mapped_column(String(100))


def names_or_error(run: Callable[[], list[User]]) -> tuple[list[str] | None, str | None, str]:
    """The names of the users ``run()`` returns, or the class name and message of what it raises."""
    try:
        return [user.name for user in run()], None, ""
    except exc.SQLAlchemyError as error:
        return None, type(error).__name__, str(error)


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)
    with Session(lab.engine) as session:
        # The ids cross over on purpose: ada's address has id 2, bob's has id 1.
        session.add_all(
            [
                User(id=1, name="ada", addresses=[Address(id=2, email="ada@example.com")]),
                User(id=2, name="bob", addresses=[Address(id=1, email="bob@example.com")]),
            ]
        )
        session.commit()

    joined = select(User).join(User.addresses)
    with Session(lab.engine) as session:
        by_id, by_id_error, by_id_message = lab.fact(
            "select(User).join(User.addresses).filter_by(id=1)",
            names_or_error(lambda: session.scalars(joined.filter_by(id=1)).all()),
        )
        by_name, by_name_error, _ = lab.fact(
            'select(User).join(User.addresses).filter_by(name="ada")',
            names_or_error(lambda: session.scalars(joined.filter_by(name="ada")).all()),
        )
        by_email, _, _ = lab.fact(
            'select(User).join(User.addresses).filter_by(email="bob@example.com")',
            names_or_error(lambda: session.scalars(joined.filter_by(email="bob@example.com")).all()),
        )
        legacy, _, _ = lab.fact(
            "session.query(User).join(User.addresses).filter_by(id=1)",
            names_or_error(lambda: session.query(User).join(User.addresses).filter_by(id=1).all()),
        )

    return {
        "A": by_id == ["bob"],
        "B": by_id_error is not None and "ambiguous" in by_id_message.lower(),
        "C": by_name == ["ada"],
        "D": by_name_error == "InvalidRequestError",
        "E": by_email == ["bob"],
        "F": legacy == ["ada"],
    }


if __name__ == "__main__":
    run_alone(__file__)

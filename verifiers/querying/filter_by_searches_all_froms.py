"""After a join, which entity filter_by() searches: the last joined one (2.0) or every FROM entity (2.1)."""

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


def names(users: list[User]) -> list[str]:
    return [user.name for user in users]


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
    with Session(lab.engine) as session, lab.capture():
        by_id = lab.attempt(
            "select(User).join(User.addresses).filter_by(id=1)",
            lambda: names(session.scalars(joined.filter_by(id=1)).all()),
        )
        by_name = lab.attempt(
            'select(User).join(User.addresses).filter_by(name="ada")',
            lambda: names(session.scalars(joined.filter_by(name="ada")).all()),
        )
        by_email = lab.attempt(
            'select(User).join(User.addresses).filter_by(email="bob@example.com")',
            lambda: names(session.scalars(joined.filter_by(email="bob@example.com")).all()),
        )
        legacy = lab.attempt(
            "session.query(User).join(User.addresses).filter_by(id=1)",
            lambda: names(session.query(User).join(User.addresses).filter_by(id=1).all()),
        )

        # What the explanation adds: filter_by() without a join, and filter() as the fix.
        no_join = select(User.name, Address.email).where(Address.user_id == User.id)  # User is the first FROM entity
        unjoined = lab.attempt(
            "select(User.name, Address.email), no join, filter_by(id=1)",
            lambda: session.execute(no_join.filter_by(id=1)).all(),
        )
        lab.fact("joined.filter(User.id == 1)", names(session.scalars(joined.filter(User.id == 1)).all()))

    lab.fact("filter_by(id=1): the class raised", by_id.error_class)
    lab.fact("filter_by(id=1): the message up to its list of entities", by_id.message.split(" (")[0])
    lab.fact('filter_by(name="ada"): the message', by_name.message)
    lab.fact("the legacy Query with filter_by(id=1) returns", legacy.value)
    lab.fact("no join, filter_by(id=1): the users returned", [row.name for row in unjoined.value] if unjoined.ok else None)

    return {
        "A": by_id.ok and by_id.value == ["bob"],
        "B": not by_id.ok and "ambiguous" in by_id.message.lower() and '"id"' in by_id.message,
        "C": by_name.ok and by_name.value == ["ada"],
        "D": by_name.raised(exc.InvalidRequestError, match=r"Address.*has no property \"name\""),
        "E": by_email.ok and by_email.value == ["bob"],
        "F": legacy.ok and legacy.value == ["ada"],
    }


if __name__ == "__main__":
    run_alone(__file__)

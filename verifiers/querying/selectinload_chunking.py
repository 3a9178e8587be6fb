"""selectinload sends its IN query in batches of 500 parent keys; 2.1 lets the option choose the batch size."""

from sqlalchemy import ForeignKey, String, insert, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship, selectinload

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    addresses: Mapped[list["Address"]] = relationship(back_populates="user")


class Address(Base):
    __tablename__ = "addresses"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    user: Mapped[User] = relationship(back_populates="addresses")


USERS = 1201


def load_all(lab: Lab, option) -> list[int] | None:
    """Load every user with the loader option; the IN-list sizes of the addresses' SELECTs after the users' one.

    None unless the first SELECT is the users' (no IN list), every later one is an addresses' SELECT with
    one IN list, and the IN lists together hold every user id once.
    """
    with Session(lab.engine) as session, lab.capture() as sent:
        users = session.scalars(select(User).options(option)).all()
        assert len(users) == USERS
    first, *rest = sent.of_kind("SELECT")
    keys = sorted(v for s in rest for v in s.values)
    if first.has_in_list or not all(s.mentions("addresses") and len(s.in_list_sizes) == 1 for s in rest) \
            or keys != list(range(1, USERS + 1)):
        return None
    return [s.in_list_sizes[0] for s in rest]


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        Base.metadata.create_all(lab.engine)
        with lab.engine.begin() as conn:
            conn.execute(insert(User), [{"id": i, "name": f"u{i}"} for i in range(1, USERS + 1)])
            conn.execute(insert(Address), [{"id": i, "user_id": i} for i in range(1, USERS + 1)])

    default = lab.fact("IN-list sizes with selectinload(User.addresses)", load_all(lab, selectinload(User.addresses)))
    chunked = lab.attempt("selectinload(User.addresses, chunksize=300)",
                          lambda: load_all(lab, selectinload(User.addresses, chunksize=300)))

    return {
        "A": default == [500, 500, 201],
        "B": default == [1201],
        "C": chunked.ok and chunked.value == [300, 300, 300, 300, 1],
        "D": chunked.raised(TypeError, match="chunksize"),
    }


if __name__ == "__main__":
    run_alone(__file__)

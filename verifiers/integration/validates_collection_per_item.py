"""@validates on a collection is called once per item added, never with the whole list, and not on removal."""

from sqlalchemy import ForeignKey, String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship, validates

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


# (step, type of the value the validator received, its description), in call order.
validated: list[tuple[str, str, str]] = []
step = ["setup"]


class User(Base):
    __tablename__ = "app_user"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    addresses: Mapped[list["Address"]] = relationship()

    @validates("addresses")
    def check_address(self, key: str, value):
        validated.append((step[0], type(value).__name__, getattr(value, "email", repr(value))))
        return value


class Address(Base):
    __tablename__ = "address"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    email: Mapped[str] = mapped_column(String(100))


def calls_during(name: str) -> list[tuple[str, str]]:
    return [(kind, what) for called_in, kind, what in validated if called_in == name]


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)

    with Session(lab.engine) as session:
        user = User(id=1)
        session.add(user)
        a1, a2, a3 = (Address(id=n, email=f"a{n}@example.com") for n in (1, 2, 3))

        step[0] = "assign [a1, a2]"
        user.addresses = [a1, a2]
        step[0] = "append(a3)"
        user.addresses.append(a3)
        step[0] = "remove(a1)"
        user.addresses.remove(a1)
        step[0] = "commit"
        session.commit()

        with lab.other_connection() as other:
            linked = sorted(other.scalars(select(Address.email).where(Address.user_id == 1)))

    assigned = lab.fact("validator calls for `user.addresses = [a1, a2]`", calls_during("assign [a1, a2]"))
    appended = lab.fact("validator calls for `append(a3)`", calls_during("append(a3)"))
    removed = lab.fact("validator calls for `remove(a1)`", calls_during("remove(a1)"))
    lab.fact("addresses linked to user 1 after commit", linked)

    return {
        "A": len(assigned) == 1 and assigned[0][0] in ("list", "InstrumentedList"),
        "B": [kind for kind, _ in assigned] == ["Address", "Address"],
        "C": appended == [("Address", "a3@example.com")],
        "D": len(removed) >= 1,
        "E": len(assigned) == 0,
    }


if __name__ == "__main__":
    run_alone(__file__)

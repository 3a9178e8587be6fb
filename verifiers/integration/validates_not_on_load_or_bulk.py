"""@validates guards attribute assignment on objects only: not rows loaded, not ORM bulk INSERT, not ORM UPDATE statements."""

from sqlalchemy import String, insert, select, update
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, validates

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


# Every value the validator was asked about, in order.
validated: list[str] = []


class User(Base):
    __tablename__ = "app_user"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    email: Mapped[str] = mapped_column(String(100))

    @validates("email")
    def check_email(self, key: str, value: str) -> str:
        validated.append(value)
        if "@" not in value:
            raise ValueError(f"not an email address: {value!r}")
        return value.lower()


def stored_emails(lab: Lab) -> dict[int, str]:
    with lab.other_connection() as other:
        return dict(other.execute(select(User.id, User.email).order_by(User.id)).all())


def error_of(action) -> str | None:
    """The class name of what ``action()`` raised, or None."""
    try:
        action()
    except Exception as error:  # the question is which error, if any, each write path raises
        return type(error).__name__
    return None


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)

    with Session(lab.engine) as session:
        session.add(User(id=1, email="Ada@Example.com"))
        session.add(User(id=2, email="bob@example.com"))
        session.commit()
        bulk_error = lab.fact(
            "error from the ORM bulk INSERT of 'NOAT'",
            error_of(lambda: session.execute(insert(User), [{"id": 3, "email": "NOAT"}])),
        )
        update_error = lab.fact(
            "error from the ORM UPDATE setting 'ALSO-NOAT'",
            error_of(lambda: session.execute(update(User).where(User.id == 2).values(email="ALSO-NOAT"))),
        )
        session.commit()
    lab.fact("values validated while writing", list(validated))
    stored = lab.fact("emails stored, by id", stored_emails(lab))

    calls_before_load = len(validated)
    with Session(lab.engine) as session:
        loaded = session.get(User, 3)
        load_calls = lab.fact("validator calls while loading row 3", len(validated) - calls_before_load)
        loaded_email = lab.fact("row 3's email once loaded", loaded.email)
        assign_error = lab.fact("error from `loaded.email = 'nope'`", error_of(lambda: setattr(loaded, "email", "nope")))

    return {
        "A": stored.get(1) == "ada@example.com",
        "B": bulk_error == "ValueError" and 3 not in stored,
        "C": update_error is None and stored.get(2) == "ALSO-NOAT",
        "D": load_calls > 0 or loaded_email != "NOAT",
        "E": assign_error == "ValueError",
    }


if __name__ == "__main__":
    run_alone(__file__)

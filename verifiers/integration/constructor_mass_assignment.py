"""Mass assignment: the declarative constructor accepts every mapped attribute, whatever a request sends."""

from sqlalchemy import String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, MappedAsDataclass, Session, mapped_column

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "app_user"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(30))
    is_admin: Mapped[bool] = mapped_column(default=False)


class DataclassBase(MappedAsDataclass, DeclarativeBase):
    pass


class Member(DataclassBase):
    __tablename__ = "member"
    id: Mapped[int] = mapped_column(primary_key=True, init=False)
    name: Mapped[str] = mapped_column(String(30))
    is_admin: Mapped[bool] = mapped_column(default=False, init=False)


# What a sign-up request sent, passed on as it came.
payload = {"name": "eve", "is_admin": True, "id": 999}


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        Base.metadata.create_all(lab.engine)
        DataclassBase.metadata.create_all(lab.engine)

    with Session(lab.engine) as session:
        with lab.capture():
            session.add(User(**payload))
            session.commit()

    with lab.other_connection() as conn:
        stored = lab.fact("the row stored (id, name, is_admin)",
                          [tuple(row) for row in conn.execute(select(User.id, User.name, User.is_admin))])

    unknown = lab.attempt('User(name="eve", nickname="evil")', lambda: User(name="eve", nickname="evil"))
    dataclass_call = lab.attempt("Member(**payload) on the dataclass model", lambda: Member(**payload))
    without_extras = lab.attempt('Member(name="eve")', lambda: Member(name="eve"))
    lab.fact("Member(name=\"eve\").is_admin", without_extras.value.is_admin if without_extras.ok else None)

    return {
        "A": stored == [(999, "eve", False)],
        "B": len(stored) == 1 and stored[0][2] is True,
        "C": unknown.ok,
        "D": len(stored) == 1 and stored[0][0] == 999,
        "E": dataclass_call.raised(TypeError, match="is_admin|id"),
    }


if __name__ == "__main__":
    run_alone(__file__)

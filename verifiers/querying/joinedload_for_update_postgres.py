"""FOR UPDATE with a joinedload: PostgreSQL refuses to lock the nullable side of the outer join; of= fixes it."""

from sqlalchemy import ForeignKey, insert, select
from sqlalchemy.exc import NotSupportedError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, joinedload, mapped_column, relationship

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    addresses: Mapped[list["Address"]] = relationship()


class Address(Base):
    __tablename__ = "addresses"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        Base.metadata.create_all(lab.engine)
        with lab.engine.begin() as conn:
            conn.execute(insert(User), [{"id": 1}, {"id": 2}])
            conn.execute(insert(Address), [{"id": 1, "user_id": 1}])

    query = select(User).options(joinedload(User.addresses)).order_by(User.id)
    with Session(lab.engine) as session, lab.capture() as sent:
        plain = lab.attempt("with_for_update()", lambda: session.scalars(query.with_for_update()).unique().all())
        session.rollback()
        narrowed = lab.attempt("with_for_update(of=User)",
                               lambda: [u.id for u in session.scalars(query.with_for_update(of=User)).unique()])
        session.rollback()
    of_sql = " ".join(sent.of_kind("SELECT")[-1].sql.split()).upper()
    lab.fact("the second statement locks only users", of_sql.endswith("FOR UPDATE OF USERS"))

    return {
        "A": plain.raised(NotSupportedError, match="nullable side of an outer join") and narrowed.ok and narrowed.value == [1, 2],
        "B": plain.ok,
        "C": not narrowed.ok,
        "D": narrowed.ok and narrowed.value == [1],
    }


if __name__ == "__main__":
    run_alone(__file__)

"""FOR UPDATE with a joinedload: PostgreSQL refuses to lock the nullable side of the outer join; of= fixes it."""

from sqlalchemy import ForeignKey, insert, select
from sqlalchemy.exc import NotSupportedError, OperationalError
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
        with lab.other_connection() as other:  # while (2)'s locks are held
            user_probe = lab.attempt("another connection locks user 1 with NOWAIT", lambda: other.execute(
                select(User.id).where(User.id == 1).with_for_update(nowait=True)).all())
            other.rollback()
            address_probe = lab.attempt("another connection locks address 1 with NOWAIT", lambda: other.execute(
                select(Address.id).where(Address.id == 1).with_for_update(nowait=True)).all())
            other.rollback()
        session.rollback()
    first_sql, of_sql = (" ".join(s.sql.split()).upper() for s in sent.of_kind("SELECT").on("main#1")[:2])
    lab.fact("the statements join addresses with LEFT OUTER JOIN",
             all("LEFT OUTER JOIN ADDRESSES" in s for s in (first_sql, of_sql)))
    locks_only_users = lab.fact("the second statement locks only users",
                                of_sql.endswith("FOR UPDATE OF USERS")
                                and user_probe.raised(OperationalError, match="could not obtain lock")
                                and address_probe.ok)

    return {
        "A": plain.raised(NotSupportedError, match="nullable side of an outer join")
        and narrowed.ok and narrowed.value == [1, 2] and locks_only_users,
        "B": plain.ok and first_sql.endswith("FOR UPDATE OF USERS") and first_sql == of_sql,
        "C": plain.raised(NotSupportedError) and not narrowed.ok,
        "D": plain.raised(NotSupportedError) and narrowed.ok and narrowed.value == [1],
    }


if __name__ == "__main__":
    run_alone(__file__)

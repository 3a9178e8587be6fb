"""An ORM-enabled delete() statement applies no relationship cascade: the database's foreign key decides."""

from sqlalchemy import ForeignKey, String, delete, func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(20))
    addresses: Mapped[list["Address"]] = relationship(cascade="all, delete-orphan")


class Address(Base):
    __tablename__ = "addresses"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))


def seed(lab: Lab) -> None:
    with lab.engine.begin() as conn:
        conn.execute(insert(User).values(id=1, name="ada"))
        conn.execute(insert(Address), [{"id": 1, "user_id": 1}, {"id": 2, "user_id": 1}])


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        Base.metadata.create_all(lab.engine)
        seed(lab)

    with Session(lab.engine) as session, lab.capture() as bulk:
        statement = lab.attempt("session.execute(delete(User).where(User.id == 1))",
                                lambda: session.execute(delete(User).where(User.id == 1)))
        session.rollback()
    sent_by_delete = lab.fact("statements the delete() sent", [(s.kind, s.mentions("users"), s.mentions("addresses"))
                                                               for s in bulk.queries])

    with Session(lab.engine) as session, lab.capture() as unit_of_work:
        session.delete(session.get(User, 1))
        by_object = lab.attempt("session.delete(user); session.commit()", session.commit)
    deletes = lab.fact("DELETEs the unit of work sent, by table",
                       ["addresses" if s.mentions("addresses") else "users" for s in unit_of_work.of_kind("DELETE")])
    first_delete = next(i for i, s in enumerate(unit_of_work.queries) if s.kind == "DELETE")
    lab.fact("the unit of work SELECTed the addresses before deleting",
             any(s.kind == "SELECT" and s.mentions("addresses") for s in unit_of_work.queries[:first_delete]))
    with lab.other_connection() as other:
        left = lab.fact("address rows left", other.scalar(select(func.count()).select_from(Address)))

    return {
        "A": sent_by_delete == [("DELETE", True, False)] and statement.raised(IntegrityError) and by_object.ok and deletes == ["addresses", "users"] and left == 0,
        "B": statement.ok,
        "C": not by_object.ok,
        "D": any(kind == "SELECT" and addresses for kind, _, addresses in sent_by_delete),
    }


if __name__ == "__main__":
    run_alone(__file__)

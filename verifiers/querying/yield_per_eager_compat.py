"""yield_per with loaders that need the whole result (joined collections, subqueryload) is refused; selectinload works."""

from sqlalchemy import ForeignKey, insert, select
from sqlalchemy.exc import InvalidRequestError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, joinedload, mapped_column, relationship, selectinload, subqueryload

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


REFUSAL = "Can't use yield_per with eager loaders that require uniquing or row buffering"


def stream(lab: Lab, label: str, option):
    def run():
        with Session(lab.engine) as session:
            result = session.scalars(select(User).options(option).execution_options(yield_per=10))
            return [(u.id, len(u.addresses)) for u in result]
    return lab.attempt(label, run)


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        Base.metadata.create_all(lab.engine)
        with lab.engine.begin() as conn:
            conn.execute(insert(User), [{"id": i} for i in range(1, 31)])
            conn.execute(insert(Address), [{"id": i, "user_id": (i + 1) // 2} for i in range(1, 61)])

    with lab.capture():
        joined = stream(lab, "yield_per with joinedload(User.addresses)", joinedload(User.addresses))
        subquery = stream(lab, "yield_per with subqueryload(User.addresses)", subqueryload(User.addresses))
    with lab.capture() as selectin_sent:
        selectin = stream(lab, "yield_per with selectinload(User.addresses)", selectinload(User.addresses))

    users_seen = len(selectin.value) if selectin.ok else None
    in_queries = lab.fact("IN-list sizes of the addresses' SELECTs under selectinload",
                          [s.in_list_sizes for s in selectin_sent.of_kind("SELECT") if s.mentions("addresses")])
    lab.fact("one IN query of 10 keys per batch of users delivered",
             users_seen is not None and in_queries == [[10]] * (users_seen // 10))
    lab.fact("users the selectinload stream delivered: all 30, except 10 on MariaDB",
             users_seen == (10 if lab.backend == "mariadb" else 30))

    return {
        "A": joined.raised(InvalidRequestError, match=REFUSAL) and subquery.raised(InvalidRequestError, match=REFUSAL)
        and selectin.ok,
        "B": joined.ok,
        "C": not selectin.ok,
        "D": subquery.ok,
    }


if __name__ == "__main__":
    run_alone(__file__)

"""An ORM bulk INSERT keeps only column keys: a relationship key and an unknown key are dropped without a word."""

import warnings

from sqlalchemy import ForeignKey, String, func, insert, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    addresses: Mapped[list["Address"]] = relationship(cascade="all, delete-orphan")


class Address(Base):
    __tablename__ = "addresses"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    email: Mapped[str] = mapped_column(String(100))


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)

    rows = [{"id": 10, "name": "x", "nickname": "ex", "addresses": [Address(email="x@x.com")]}]
    with Session(lab.engine) as session:
        with warnings.catch_warnings(record=True) as caught, lab.capture() as sql:
            warnings.simplefilter("always")
            bulk = lab.attempt("the bulk INSERT", lambda: session.execute(insert(User), rows))
        session.commit()
        warned = lab.fact("warnings emitted", [f"{w.category.__name__}: {w.message}" for w in caught])

    inserts = sql.of_kind("INSERT")
    tables = lab.fact(
        "tables the INSERTs named", sorted({"addresses" if s.mentions("addresses") else "users" for s in inserts})
    )
    lab.fact("INSERT columns: (id, name, nickname)", [(s.mentions("id"), s.mentions("name"), s.mentions("nickname")) for s in inserts])
    with lab.engine.connect() as conn:
        users = lab.fact("users rows", [tuple(r) for r in conn.execute(select(User.id, User.name))])
        addresses = lab.fact("addresses rows", conn.scalar(select(func.count()).select_from(Address)))

    return {
        "A": not bulk.ok,
        "B": addresses == 1,
        "C": bulk.ok and tables == ["users"] and users == [(10, "x")] and addresses == 0,
        "D": len(warned) > 0,
    }


if __name__ == "__main__":
    run_alone(__file__)

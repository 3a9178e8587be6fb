"""select(...).join(target): the left side is whichever selected entity can join to the target, not the first column."""

from sqlalchemy import ForeignKey, String, insert, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(20))
    addresses: Mapped[list["Address"]] = relationship()


class Address(Base):
    __tablename__ = "addresses"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    email: Mapped[str] = mapped_column(String(20))


def from_clause(sql: str) -> str:
    return " ".join(sql.split()).replace("INNER JOIN", "JOIN").split(" FROM ")[1].split(" ON ")[0].split(" ORDER BY ")[0]


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        Base.metadata.create_all(lab.engine)
        with lab.engine.begin() as conn:
            conn.execute(insert(User), [{"id": 1, "name": "ada"}, {"id": 2, "name": "bob"}])
            conn.execute(insert(Address), [{"id": 1, "user_id": 1, "email": "a@x"}, {"id": 2, "user_id": 2, "email": "b@x"}])

    with Session(lab.engine) as session, lab.capture() as sent:
        first = session.execute(select(User.name, Address.email).join(User).order_by(User.id)).all()
        second = session.execute(select(Address.email, User.name).join(Address).order_by(User.id)).all()
    froms = lab.fact("FROM clauses", [from_clause(s.sql) for s in sent.of_kind("SELECT")])
    lab.fact("rows", [[tuple(r) for r in first], [tuple(r) for r in second]])

    return {
        "A": froms == ["users JOIN addresses", "addresses JOIN users"] and len(first) == len(second) == 2,
        "B": froms == ["users JOIN users", "addresses JOIN addresses"],
        "C": len(first) == len(second) == 4,
        "D": froms == ["addresses JOIN users", "users JOIN addresses"]
        and [tuple(r) for r in first] == [("ada", "a@x"), ("bob", "b@x")]
        and [tuple(r) for r in second] == [("a@x", "ada"), ("b@x", "bob")],
    }


if __name__ == "__main__":
    run_alone(__file__)

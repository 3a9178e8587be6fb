"""With annotated declarative, Optional in Mapped[] decides NULL / NOT NULL, unless mapped_column(nullable=...) says otherwise."""

from typing import Optional, Union

from sqlalchemy import Column, String, inspect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Contact(Base):
    __tablename__ = "contact"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    nickname: Mapped[Optional[str]] = mapped_column(String(50))
    email: Mapped[str | None] = mapped_column(String(100))
    phone: Mapped[str] = mapped_column(String(20), nullable=True)
    city: Mapped[Optional[str]] = mapped_column(String(50), nullable=False)


class UnionBase(DeclarativeBase):
    pass


class UnionContact(UnionBase):  # the third spelling the explanation names, on a base of its own
    __tablename__ = "union_contact"
    id: Mapped[int] = mapped_column(primary_key=True)
    fax: Mapped[Union[str, None]] = mapped_column(String(20))


COLUMNS = ("name", "nickname", "email", "phone", "city")


def prove(lab: Lab) -> dict[str, bool]:
    declared = {name: Contact.__table__.c[name].nullable for name in COLUMNS}
    lab.fact("Column.nullable in the Table", declared)

    Base.metadata.create_all(lab.engine)
    reflected = {column["name"]: column["nullable"] for column in inspect(lab.engine).get_columns("contact")}
    in_db = lab.fact("nullable as the database reports it", {name: reflected[name] for name in COLUMNS})

    lab.fact("Union[str, None] gives a nullable column", UnionContact.__table__.c.fax.nullable)
    lab.fact("a plain Core Column(String) is nullable", Column("plain", String(10)).nullable)

    def accepts_null(name: str) -> bool:
        return declared[name] and in_db[name]

    def refuses_null(name: str) -> bool:
        return not declared[name] and not in_db[name]

    return {
        "A": accepts_null("city"),
        "B": accepts_null("nickname"),
        "C": refuses_null("email"),
        "D": accepts_null("phone"),
        "E": refuses_null("name"),
    }


if __name__ == "__main__":
    run_alone(__file__)

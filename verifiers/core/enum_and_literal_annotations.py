"""Mapped[SomeEnum] is a native ENUM of member names on PostgreSQL; Mapped[Literal[...]] is a VARCHAR."""

import enum
from typing import Literal

from sqlalchemy import inspect, text
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from verifiers import Lab, run_alone


class Status(enum.Enum):
    ACTIVE = "active"
    DISABLED = "disabled"


class Base(DeclarativeBase):
    pass


class Account(Base):
    __tablename__ = "account"
    id: Mapped[int] = mapped_column(primary_key=True)
    status: Mapped[Status]
    tier: Mapped[Literal["free", "pro"]]


def prove(lab: Lab) -> dict[str, bool]:
    with lab.capture() as ddl:
        Base.metadata.create_all(lab.engine)
    enums = lab.fact("ENUM types in the database (name: labels)",
                     {e["name"]: e["labels"] for e in inspect(lab.engine).get_enums(schema="*")})
    tier_type = lab.fact("reflected type of tier",
                         next(str(c["type"]) for c in inspect(lab.engine).get_columns("account") if c["name"] == "tier"))

    with Session(lab.engine) as session:
        session.add(Account(id=1, status=Status.ACTIVE, tier="pro"))
        session.commit()
    with lab.engine.connect() as conn:
        raw_status = lab.fact("status as stored (cast to text)",
                              conn.scalar(text("SELECT CAST(status AS TEXT) FROM account")))

    return {
        "A": enums.get("status") == ["active", "disabled"],
        "B": enums.get("status") == ["ACTIVE", "DISABLED"],
        "C": tier_type == "VARCHAR(4)" and "tier" not in enums,
        "D": len(enums) == 2,
        "E": raw_status == "ACTIVE",
    }


if __name__ == "__main__":
    run_alone(__file__)

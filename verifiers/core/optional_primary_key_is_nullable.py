"""Mapped[Optional[str]] on a primary key: the column is nullable, and only the database's PK rules stop NULL."""

from typing import Optional

from sqlalchemy import Column, MetaData, String, Table, exc, insert, select, func
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


def declare_country() -> type:
    class Country(Base):
        __tablename__ = "country"
        code: Mapped[Optional[str]] = mapped_column(String(2), primary_key=True)
        name: Mapped[str] = mapped_column(String(50))

    return Country


core_only = Table("region", MetaData(), Column("code", String(2), primary_key=True))


def prove(lab: Lab) -> dict[str, bool]:
    declared = lab.attempt("declaring Country", declare_country)
    core_nullable = lab.fact("Core Column(primary_key=True).nullable", core_only.c.code.nullable)
    nullable = code_line = first = second = stored = None
    if declared.ok:
        Country = declared.value
        nullable = lab.fact("Country.__table__.c.code.nullable", Country.__table__.c.code.nullable)
        with lab.capture() as ddl:
            Base.metadata.create_all(lab.engine)
        [create] = ddl.of_kind("CREATE TABLE")
        code_line = lab.fact("how the CREATE TABLE declares code",
                             next(line.strip().rstrip(",") for line in create.sql.splitlines()
                                  if line.strip().lower().startswith(("code ", "`code` ", '"code" '))))
        with lab.engine.begin() as conn:
            first = lab.attempt("insert code=None (1st)",
                                lambda: conn.execute(insert(Country).values(code=None, name="Nowhere")))
        with lab.engine.begin() as conn:
            second = lab.attempt("insert code=None (2nd)",
                                 lambda: conn.execute(insert(Country).values(code=None, name="Elsewhere")))
        with lab.engine.connect() as conn:
            stored = lab.fact("rows stored", conn.scalar(select(func.count()).select_from(Country)))

    if lab.backend == "sqlite":
        c = first is not None and first.ok and second.ok and stored == 2
    else:
        c = first is not None and first.raised(exc.IntegrityError) and stored == 0
    return {
        "A": code_line is not None and "NOT NULL" in code_line.upper(),
        "B": nullable is True,
        "C": c,
        "D": declared.raised(exc.ArgumentError),
        "E": core_nullable is True,
    }


if __name__ == "__main__":
    run_alone(__file__)

"""The SQL type behind a bare Mapped[float]: Float (2.0) or Double (2.1), as the DDL shows."""

import re

from sqlalchemy import Double, Float, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from verifiers import Lab, StatementList, run_alone

VALUE = 1234567.891  # needs more digits than a 4-byte FLOAT keeps


class Base(DeclarativeBase):
    pass


class Reading(Base):
    __tablename__ = "reading"
    id: Mapped[int] = mapped_column(primary_key=True)
    value: Mapped[float]  # no SQL type given: the annotation decides
    explicit: Mapped[float] = mapped_column(Float)


class FloatMappedBase(DeclarativeBase):
    type_annotation_map = {float: Float()}


class LegacyReading(FloatMappedBase):
    __tablename__ = "legacy_reading"
    id: Mapped[int] = mapped_column(primary_key=True)
    value: Mapped[float]


def ddl_type(ddl: StatementList, table: str, column: str) -> str | None:
    """The type keyword(s) the CREATE TABLE for ``table`` gives ``column``: FLOAT, DOUBLE, DOUBLE PRECISION..."""
    for statement in ddl.of_kind("CREATE TABLE"):
        if re.search(rf"CREATE TABLE\s+[`\"]?{table}\b", statement.sql, re.I):
            match = re.search(rf"[(,]\s*[`\"]?{column}[`\"]?\s+(DOUBLE PRECISION|\w+)", statement.sql, re.I)
            return match.group(1).upper() if match else None
    return None


def prove(lab: Lab) -> dict[str, bool]:
    value_type = Reading.__table__.c.value.type
    lab.fact("repr(Reading.__table__.c.value.type)", repr(value_type))

    with lab.capture() as ddl:
        Base.metadata.create_all(lab.engine)
        FloatMappedBase.metadata.create_all(lab.engine)
    value_ddl = lab.fact("CREATE TABLE reading: type of value", ddl_type(ddl, "reading", "value"))
    explicit_ddl = lab.fact("CREATE TABLE reading: type of explicit", ddl_type(ddl, "reading", "explicit"))
    legacy_ddl = lab.fact("CREATE TABLE legacy_reading: type of value", ddl_type(ddl, "legacy_reading", "value"))

    with Session(lab.engine) as session:
        session.add(Reading(id=1, value=VALUE, explicit=VALUE))
        session.commit()
    with Session(lab.engine) as session:
        read_value, read_explicit = session.execute(select(Reading.value, Reading.explicit)).one()
    lab.fact(f"{VALUE} read back from value / explicit", (read_value, read_explicit))
    lab.fact("value read back from value", read_value)
    lab.fact(
        "value read back from value: 1234570.0 on MariaDB, unchanged elsewhere",
        read_value == (1234570.0 if lab.backend == "mariadb" else VALUE),
    )
    double_here = "DOUBLE PRECISION" if lab.backend == "postgresql" else "DOUBLE"
    lab.fact("CREATE TABLE reading: value is DOUBLE PRECISION on PostgreSQL, DOUBLE elsewhere", value_ddl == double_here)

    return {
        "A": isinstance(value_type, Float),
        "B": type(value_type) is Double,
        "C": value_ddl == double_here,
        "D": explicit_ddl in ("DOUBLE", "DOUBLE PRECISION"),
        "E": legacy_ddl == "FLOAT",
        "F": type(read_value) is float and type(read_explicit) is float,
    }


if __name__ == "__main__":
    run_alone(__file__)

"""A bare Mapped[str] is VARCHAR with no length: MariaDB cannot have it; type_annotation_map gives one."""

from sqlalchemy import String, exc, inspect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Author(Base):
    __tablename__ = "author"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(10))


class Note(Base):
    __tablename__ = "note"
    id: Mapped[int] = mapped_column(primary_key=True)
    body: Mapped[str]


class LengthBase(DeclarativeBase):
    type_annotation_map = {str: String(255)}


class Memo(LengthBase):
    __tablename__ = "memo"
    id: Mapped[int] = mapped_column(primary_key=True)
    body: Mapped[str]
    code: Mapped[str] = mapped_column(String(10))


def column_types(lab: Lab, table: str) -> dict[str, str]:
    return {c["name"]: str(c["type"]) for c in inspect(lab.engine).get_columns(table)}


def prove(lab: Lab) -> dict[str, bool]:
    with lab.capture():
        created = lab.attempt("Base.metadata.create_all()", lambda: Base.metadata.create_all(lab.engine))
    tables = lab.fact("tables after the attempt", sorted(inspect(lab.engine).get_table_names()))

    with lab.capture():
        LengthBase.metadata.create_all(lab.engine)
    memo = lab.fact("memo's reflected column types", column_types(lab, "memo"))

    return {
        "A": created.raised(exc.CompileError, match=r"body.*VARCHAR requires a length"),
        "B": created.ok and column_types(lab, "note").get("body") == "VARCHAR(255)",
        "C": "author" in tables and "note" not in tables,
        "D": memo.get("body") == "VARCHAR(255)" and memo.get("code") == "VARCHAR(10)",
        "E": memo.get("code") == "VARCHAR(255)",
        "F": created.raised(exc.ProgrammingError),
    }


if __name__ == "__main__":
    run_alone(__file__)

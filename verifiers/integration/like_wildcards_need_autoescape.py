"""contains()/startswith() bind the value safely, but % and _ inside it still act as LIKE wildcards
unless autoescape=True escapes them."""

from sqlalchemy import ColumnElement, String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Product(Base):
    __tablename__ = "product"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(30))


def search(lab: Lab, condition: ColumnElement[bool]) -> list[str]:
    with Session(lab.engine) as session:
        return sorted(session.scalars(select(Product.name).where(condition)))


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)
    with Session(lab.engine) as setup:
        setup.add_all([Product(name="100%_sure"), Product(name="100 sure"), Product(name="sure")])
        setup.commit()

    with lab.capture() as plain_sql:
        contains_plain = lab.fact("contains('0%_')", search(lab, Product.name.contains("0%_")))
    with lab.capture() as escaped_sql:
        contains_escaped = lab.fact("contains('0%_', autoescape=True)",
                                    search(lab, Product.name.contains("0%_", autoescape=True)))
    with lab.capture() as other_helpers_sql:
        starts_plain = lab.fact("startswith('100%')", search(lab, Product.name.startswith("100%")))
        search(lab, Product.name.endswith("sure"))
    starts_escaped = lab.fact("startswith('100%', autoescape=True)",
                              search(lab, Product.name.startswith("100%", autoescape=True)))
    lab.fact("startswith('100^%', escape='^')", search(lab, Product.name.startswith("100^%", escape="^")))
    with lab.capture() as slash_sql:
        search(lab, Product.name.contains("1/2", autoescape=True))

    plain_select = plain_sql.of_kind("SELECT")[0]
    escaped_select = escaped_sql.of_kind("SELECT")[0]
    plain_values = lab.fact("values bound for contains('0%_')", plain_select.values)
    escaped_values = lab.fact("values bound with autoescape", escaped_select.values)
    lab.fact("values bound for startswith('100%') and endswith('sure')",
             [select.values for select in other_helpers_sql.of_kind("SELECT")])
    concatenation = "concat(" if lab.backend == "mariadb" else "||"
    lab.fact("contains('0%_'): the pattern is built around the parameter as the text says for this backend",
             concatenation in plain_select.sql)
    plain_has_escape = lab.fact("ESCAPE clause without autoescape", plain_select.mentions("ESCAPE"))
    escaped_has_escape = lab.fact("ESCAPE clause with autoescape", escaped_select.mentions("ESCAPE"))
    lab.fact("with autoescape, the SELECT has ESCAPE '/'", "ESCAPE '/'" in escaped_select.sql)
    lab.fact("value bound for contains('1/2', autoescape=True)", slash_sql.of_kind("SELECT")[0].values)

    return {
        "A": starts_escaped == ["100 sure", "100%_sure"],
        "B": contains_plain == ["100%_sure"] and starts_plain == ["100%_sure"],
        "C": contains_escaped == ["100%_sure"] and escaped_has_escape and not plain_has_escape,
        "D": plain_values == ["0%_"] and "0%_" not in plain_select.sql,
        "E": escaped_values == ["0/%/_"],
        "F": contains_plain == ["100 sure", "100%_sure"],
    }


if __name__ == "__main__":
    run_alone(__file__)

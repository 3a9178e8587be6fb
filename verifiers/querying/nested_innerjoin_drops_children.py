"""innerjoin=True on a joinedload chained under an outer one: parents stay, children without a match vanish."""

from sqlalchemy import ForeignKey, String, exc, insert, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, joinedload, mapped_column, relationship

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Invoice(Base):
    __tablename__ = "invoice"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    lines: Mapped[list["Line"]] = relationship(order_by="Line.id")


class Line(Base):
    __tablename__ = "line"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoice.id"))
    product_id: Mapped[int | None] = mapped_column(ForeignKey("product.id"))
    product: Mapped["Product | None"] = relationship()


class Product(Base):
    __tablename__ = "product"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    name: Mapped[str] = mapped_column(String(50))


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        Base.metadata.create_all(lab.engine)
        with lab.engine.begin() as conn:
            conn.execute(insert(Product), [{"id": 1, "name": "widget"}])
            conn.execute(insert(Invoice), [{"id": 1}, {"id": 2}])
            # Invoice 1: a product line and a discount line without a product; invoice 2: no lines.
            conn.execute(insert(Line), [{"id": 1, "invoice_id": 1, "product_id": 1},
                                        {"id": 2, "invoice_id": 1, "product_id": None}])

    with Session(lab.engine) as session:
        with lab.capture() as loading:
            loaded = lab.attempt("loading the invoices", lambda: session.scalars(
                select(Invoice)
                .options(joinedload(Invoice.lines).joinedload(Line.product, innerjoin=True))
                .order_by(Invoice.id)
            ).unique().all())
        invoices = loaded.value or []
        lab.fact("invoice ids returned", [i.id for i in invoices])
        lines_by_invoice = lab.fact("line ids loaded per invoice", {i.id: [ln.id for ln in i.lines] for i in invoices})
        lab.fact("statements sent while loading", loading.kinds())
        select_sql = loading.of_kind("SELECT")[0].sql if loading.count("SELECT") else ""
        # The outer join to the lines encloses a parenthesised inner join of line to product
        # (MariaDB spells it INNER JOIN, the others plain JOIN).
        nested = lab.fact("the SELECT left-outer-joins a parenthesised inner join of line and product", any(
            f"LEFT OUTER JOIN (line AS line_1 {inner} product AS product_1" in select_sql
            for inner in ("JOIN", "INNER JOIN")))
        product_outer = lab.fact("product is joined with LEFT OUTER JOIN",
                                 "LEFT OUTER JOIN product" in select_sql)
        with lab.capture() as reading:
            products = {ln.id: ln.product for i in invoices for ln in i.lines}
        lab.fact("statements sent reading the lines and their products", reading.count())

    with Session(lab.engine) as session:
        with lab.capture():
            stored = session.scalars(select(Line.id).where(Line.invoice_id == 1).order_by(Line.id)).all()
        lab.fact("line ids a plain SELECT finds for invoice 1", stored)

    return {
        "A": loaded.ok and lines_by_invoice.get(1) == [1, 2] and products.get(2, "absent") is None,
        "B": loaded.ok and 2 not in lines_by_invoice and 1 in lines_by_invoice,
        "C": loaded.ok and lines_by_invoice == {1: [1], 2: []} and nested,
        "D": loaded.ok and product_outer and lines_by_invoice.get(1) == [1, 2],
        "E": loaded.ok and 1 not in lines_by_invoice,
        "F": loaded.raised(exc.InvalidRequestError),
    }


if __name__ == "__main__":
    run_alone(__file__)

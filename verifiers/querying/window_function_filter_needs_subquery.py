"""A window function cannot be filtered in WHERE, where every backend refuses it; filter a subquery's column instead."""

from datetime import date

from sqlalchemy import String, exc, func, insert, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from verifiers import Lab, all_of, run_alone


class Base(DeclarativeBase):
    pass


class Order(Base):
    __tablename__ = "orders"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    customer: Mapped[str] = mapped_column(String(20))
    placed_on: Mapped[date]


def rows(lab: Lab, stmt) -> list[tuple]:
    with Session(lab.engine) as session:
        return [tuple(row) for row in session.execute(stmt)]


def order_ids(lab: Lab, stmt) -> list[int]:
    with Session(lab.engine) as session:
        return list(session.scalars(stmt))


def words_after_where(sql: str) -> list[str]:
    """The words of the WHERE clause (the statement has no clause after it)."""
    spaced = " ".join(sql.upper().replace("(", " ( ").replace(")", " ) ").split())
    return spaced.partition(" WHERE ")[2].split()


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        Base.metadata.create_all(lab.engine)
        with lab.engine.begin() as conn:
            conn.execute(insert(Order), [
                {"id": 1, "customer": "ada", "placed_on": date(2024, 1, 5)},
                {"id": 2, "customer": "ada", "placed_on": date(2024, 2, 10)},
                {"id": 3, "customer": "bob", "placed_on": date(2024, 1, 20)},
                {"id": 4, "customer": "bob", "placed_on": date(2024, 3, 1)},
                {"id": 5, "customer": "bob", "placed_on": date(2024, 3, 1)},
            ])

    rn = (func.row_number()
          .over(partition_by=Order.customer, order_by=Order.placed_on.desc())
          .label("rn"))

    # (1) the labeled window expression used directly in WHERE
    stmt1 = select(Order.id, Order.customer, rn).where(rn == 1)
    with lab.capture() as sent1:
        first = lab.attempt("(1) .where(rn == 1)", lambda: rows(lab, stmt1))

    # (2) the same SELECT as a subquery, filtered on its rn column
    numbered = select(Order.id, Order.customer, rn).subquery()
    stmt2 = select(numbered.c.id, numbered.c.customer).where(numbered.c.rn == 1)
    with lab.capture():
        second = lab.attempt("(2) subquery filtered on numbered.c.rn", lambda: rows(lab, stmt2))

    selects1 = sent1.of_kind("SELECT")
    where1 = words_after_where(selects1[0].sql) if selects1 else []
    window_in_where = lab.fact("(1)'s WHERE clause holds row_number() OVER (...), not rn",
                               "ROW_NUMBER" in where1 and "OVER" in where1 and "RN" not in where1)
    label_in_where = "RN" in where1 and "OVER" not in where1
    lab.fact("(1)'s error is SQLAlchemy's wrapper of a driver error", isinstance(first.error, exc.DBAPIError))
    lab.fact("SQLAlchemy's class for (1)'s error is the PEP 249 class of the driver's error",
             isinstance(first.error, exc.DBAPIError)
             and type(first.error).__name__ in [c.__name__ for c in type(first.error.orig).__mro__])
    lab.fact("(1)'s error has the class and message stated for this backend", {
        "sqlite": first.raised(exc.OperationalError, match="misuse of window function row_number"),
        "postgresql": first.raised(exc.ProgrammingError, match="window functions are not allowed in WHERE"),
        "mariadb": first.raised(exc.OperationalError, match="4015, 'Window function is allowed only in SELECT list and ORDER BY clause"),
    }[lab.backend])
    by_customer = {customer: order_id for order_id, customer in second.value} if second.ok else {}
    one_per_customer = lab.fact("(2) returned one row per customer",
                                second.ok and len(second.value) == 2 and by_customer.get("ada") == 2
                                and by_customer.get("bob") in (4, 5))
    ids2 = sorted(order_id for order_id, _ in second.value) if second.ok else None

    # The distractors' forms.
    with lab.capture() as sent_having:
        having = lab.attempt(".having(rn == 1) in place of .where(rn == 1)",
                             lambda: rows(lab, select(Order.id, Order.customer, rn).having(rn == 1)))
    lab.fact("the .having() form was sent and the database refused it",
             sent_having.count("SELECT") == 1 and isinstance(having.error, exc.DBAPIError))
    with lab.capture() as sent_filter:
        filtered = lab.attempt(".filter(rn == 1) in place of .where(rn == 1)",
                               lambda: rows(lab, select(Order.id, Order.customer, rn).filter(rn == 1)))
    lab.fact(".filter() sent the same SELECT as (1) and raised the same error",
             [s.sql for s in sent_filter.of_kind("SELECT")] == [s.sql for s in selects1]
             and filtered.error_class == first.error_class)

    rk = func.rank().over(partition_by=Order.customer, order_by=Order.placed_on.desc()).label("rk")
    ranked = select(Order.id, rk).subquery()
    with lab.capture():
        lab.fact("order ids (2) returns with rank() in place of row_number()",
                 sorted(order_ids(lab, select(ranked.c.id).where(ranked.c.rk == 1))))

    tiebreak = func.row_number().over(partition_by=Order.customer,
                                      order_by=(Order.placed_on.desc(), Order.id.desc())).label("rn")
    decided = select(Order.id, tiebreak).subquery()
    with lab.capture():
        lab.fact("order ids (2) returns with Order.id.desc() as a tiebreaker",
                 sorted(order_ids(lab, select(decided.c.id).where(decided.c.rn == 1))))

    as_cte = select(Order.id, Order.customer, rn).cte("numbered")
    with lab.capture():
        lab.fact("customers the .cte() form returns, one row each",
                 sorted(customer for _, customer in rows(lab, select(as_cte.c.id, as_cte.c.customer)
                                                         .where(as_cte.c.rn == 1))))

    return {
        "A": all_of(where_names_the_label=label_in_where,
                    returns_the_rows_of_2=first.ok and second.ok
                    and sorted(first.value) == sorted(tuple(r) + (1,) for r in second.value)),
        "B": first.raised(exc.CompileError) and len(selects1) == 0,
        "C": having.ok and sorted(having.value) == sorted(tuple(r) + (1,) for r in second.value),
        "D": not first.ok and not second.ok,
        "E": all_of(sent_with_window_in_where=len(selects1) == 1 and window_in_where,
                    refused_by_the_database=isinstance(first.error, exc.DBAPIError),
                    one_row_per_customer=one_per_customer),
        "F": ids2 == [2, 4, 5],
    }


if __name__ == "__main__":
    run_alone(__file__)

"""A CTE used twice in one statement is defined once in a top-level WITH; a subquery used twice is written out twice."""

from sqlalchemy import String, func, insert, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from verifiers import Lab, all_of, run_alone


class Base(DeclarativeBase):
    pass


class Order(Base):
    __tablename__ = "orders"
    id: Mapped[int] = mapped_column(primary_key=True)
    customer: Mapped[str] = mapped_column(String(20))
    amount: Mapped[int]


def above_average(form: str):
    """Customers whose total is above the average total, with `totals` as a CTE or as a subquery."""
    per_customer = select(Order.customer, func.sum(Order.amount).label("total")).group_by(Order.customer)
    totals = per_customer.cte("totals") if form == "cte" else per_customer.subquery("totals")
    return (select(totals.c.customer, totals.c.total)
            .where(totals.c.total > select(func.avg(totals.c.total)).scalar_subquery())
            .order_by(totals.c.customer))


def occurrences(statement, phrase: str) -> int:
    """How often a keyword phrase stands in the statement, whatever its spacing and case."""
    return f" {' '.join(statement.sql.replace('(', ' ( ').replace(')', ' ) ').split()).upper()} ".count(f" {phrase.upper()} ")


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        Base.metadata.create_all(lab.engine)
        with lab.engine.begin() as conn:
            conn.execute(insert(Order), [{"customer": "ada", "amount": 10}, {"customer": "ada", "amount": 20},
                                         {"customer": "bob", "amount": 5},
                                         {"customer": "cy", "amount": 40}, {"customer": "cy", "amount": 50}])

    with Session(lab.engine) as session, lab.capture() as sent:
        as_cte = lab.attempt("form (1): .cte('totals')", lambda: session.execute(above_average("cte")).all())
        session.rollback()
        as_subquery = lab.attempt("form (2): .subquery('totals')",
                                  lambda: session.execute(above_average("subquery")).all())
        session.rollback()
    cte_sql, subquery_sql = sent.of_kind("SELECT")

    with_clauses = lab.fact("WITH keywords in form (1), form (2)",
                            [occurrences(cte_sql, "WITH"), occurrences(subquery_sql, "WITH")])
    group_bys = lab.fact("GROUP BY clauses in form (1), form (2)",
                         [occurrences(cte_sql, "GROUP BY"), occurrences(subquery_sql, "GROUP BY")])
    cte_starts_with_it = lab.fact("form (1) starts with WITH totals AS",
                                  " ".join(cte_sql.sql.split()).upper().startswith("WITH TOTALS AS"))
    from_totals = lab.fact("FROM totals in form (1)", occurrences(cte_sql, "FROM totals"))
    auto_alias = lab.fact("form (1) mentions totals_1", cte_sql.mentions("totals_1"))
    only_cy = [("cy", 90)]

    return {
        "A": group_bys[0] == group_bys[1] == 2,
        "B": with_clauses[0] >= 2,
        "C": not as_subquery.ok,
        "D": as_cte.ok and as_subquery.ok and as_cte.value == [] and as_subquery.value == [],
        "E": auto_alias,
        "F": all_of(one_with_at_top=with_clauses[0] == 1 and cte_starts_with_it,
                    cte_body_once=group_bys[0] == 1,
                    named_in_both_froms=from_totals == 2,
                    subquery_body_twice=group_bys[1] == 2,
                    both_return_only_cy=as_cte.ok and as_subquery.ok
                    and as_cte.value == only_cy and as_subquery.value == only_cy),
    }


if __name__ == "__main__":
    run_alone(__file__)

"""A TypeDecorator's process_bind_param also runs on values compared with its column (==, in_, like), but not on text() parameters."""

from typing import Any

from sqlalchemy import Column, bindparam, Integer, MetaData, String, Table, TypeDecorator, insert, select, text

from verifiers import Lab, StatementList, run_alone


class LowerCaseEmail(TypeDecorator):
    impl = String(100)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Any) -> Any:
        return value.lower() if value is not None else None


metadata = MetaData()

person = Table(
    "person",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("email", LowerCaseEmail),
)


def values_sent(statements: StatementList) -> list[Any]:
    """Every value the SELECTs bound, in the order of their placeholders."""
    return [value for statement in statements.of_kind("SELECT") for value in statement.values]


def run(lab: Lab, conn: Any, label: str, statement: Any, **parameters: Any) -> tuple[list[int], list[Any], StatementList]:
    """Run one query; return the ids it found, the values it sent, and what it sent."""
    with lab.capture() as sql:
        ids = sorted(conn.scalars(statement, parameters))
    sent = values_sent(sql)
    lab.fact(f"{label}: values sent", sent)
    lab.fact(f"{label}: ids found", ids)
    return ids, sent, sql


def prove(lab: Lab) -> dict[str, bool]:
    metadata.create_all(lab.engine)

    with lab.engine.connect() as conn:
        conn.execute(insert(person).values(id=1, email="Bob@Example.com"))
        conn.commit()
        stored = lab.fact("email as stored (read with text())", conn.scalar(text("SELECT email FROM person")))

        eq_ids, eq_sent, eq_sql = run(lab, conn, "q1 ==", select(person.c.id).where(person.c.email == "BOB@example.com"))
        in_ids, in_sent, _ = run(
            lab, conn, "q2 in_()", select(person.c.id).where(person.c.email.in_(["BOB@example.com", "x@y.z"]))
        )
        like_ids, like_sent, _ = run(lab, conn, "q3 like()", select(person.c.id).where(person.c.email.like("BOB@%")))
        text_ids, text_sent, _ = run(lab, conn, "q4 text()", text("SELECT id FROM person WHERE email = :email"), email="BOB@example.com")
        typed = text("SELECT id FROM person WHERE email = :email").bindparams(bindparam("email", type_=LowerCaseEmail()))
        typed_ids, typed_sent, _ = run(lab, conn, "q4 with a typed bindparam", typed, email="BOB@example.com")
        lab.fact("q4 with bindparam(type_=LowerCaseEmail()): value sent and ids found", [typed_sent, typed_ids])

    lowered_in_sql = lab.fact("q1's SQL applies lower() to the column", any(s.mentions("lower") for s in eq_sql))

    lab.fact("the LIKE pattern q3 sent", like_sent)
    case_sensitive = lab.backend in ("postgresql", "sqlite")
    lab.fact(
        "q4 finds no row on PostgreSQL and SQLite, row 1 on MariaDB",
        text_ids == ([] if case_sensitive else [1]),
    )

    return {
        "A": eq_sent == ["BOB@example.com"] and eq_ids == [],
        "B": stored == "bob@example.com" and eq_sent == ["bob@example.com"] and eq_ids == [1],
        "C": sorted(in_sent) == ["bob@example.com", "x@y.z"] and in_ids == [1],
        "D": like_sent == ["BOB@%"],
        "E": text_sent == ["BOB@example.com"],
        "F": lowered_in_sql,
    }


if __name__ == "__main__":
    run_alone(__file__)

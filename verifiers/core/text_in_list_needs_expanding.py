"""A list bound to `IN :ids` in text(): expanded only when the parameter is declared expanding=True."""

from sqlalchemy import bindparam, exc, text

from verifiers import Lab, run_alone

# Two different SQL strings on purpose: the statement cache keys text() by its SQL string and not by
# the expanding flag (a question of its own), so reusing one string would reuse the first compilation.
PLAIN = text("SELECT 2 WHERE 2 IN :ids")
EXPANDING = text("SELECT 3 WHERE 3 IN :ids").bindparams(bindparam("ids", expanding=True))


def prove(lab: Lab) -> dict[str, bool]:
    with lab.capture() as sent, lab.engine.connect() as conn:
        plain = lab.attempt("plain :ids with [1, 2, 3]", lambda: conn.execute(PLAIN, {"ids": [1, 2, 3]}).all())
        conn.rollback()
        expanded = lab.attempt("expanding :ids with [1, 2, 3]",
                               lambda: conn.execute(EXPANDING, {"ids": [1, 2, 3]}).all())
        empty = lab.attempt("expanding :ids with []", lambda: conn.execute(EXPANDING, {"ids": []}).all())
    expanded_sql = next(s for s in sent.of_kind("SELECT") if s.mentions("3"))
    lab.fact("the expanding statement's IN list sizes", expanded_sql.in_list_sizes)

    on_mariadb = lab.backend == "mariadb"
    # Each option speaks of every backend; a run decides the part about the backend it runs on.
    return {
        "A": (plain.ok and len(plain.value) == 1) if on_mariadb
        else not plain.ok and "syntax error" in (plain.message or ""),
        "B": (not plain.ok) if on_mariadb else plain.ok,
        "C": expanded.ok and len(expanded.value) == 1 and expanded_sql.in_list_sizes == [3]
             and empty.ok and empty.value == [],
        "D": empty.raised(exc.StatementError),
    }


if __name__ == "__main__":
    run_alone(__file__)

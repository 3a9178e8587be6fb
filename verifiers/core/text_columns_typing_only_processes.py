"""TextClause.columns() only adds result processing: what comes back depends on each driver and type."""

import datetime

from sqlalchemy import JSON, Date, text

from verifiers import Lab, run_alone


def prove(lab: Lab) -> dict[str, bool]:
    with lab.capture() as sent, lab.engine.connect() as conn:
        typed = lab.attempt("d", lambda: conn.scalar(text("SELECT '2024-01-02' AS d").columns(d=Date)))
        d = typed.value if typed.ok else None
        j = lab.fact("j", conn.scalar(text("""SELECT '{"a": 1}' AS j""").columns(j=JSON)))
        cast = lab.fact("CAST('2024-01-02' AS date), untyped", conn.scalar(text("SELECT CAST('2024-01-02' AS date) AS d")))
    typed_select = sent.of_kind("SELECT")[0]
    lab.fact("the SQL sent for d mentions CAST", typed_select.mentions("CAST"))

    is_date = isinstance(d, datetime.date)
    # Each option speaks of every backend; a run decides the part about the backend it runs on.
    if lab.backend == "sqlite":
        a = is_date
        c = j == {"a": 1}
        d_option = d == "2024-01-02"
        e = cast == 2024
    else:
        a = d == "2024-01-02"
        c = j == ({"a": 1} if lab.backend == "mariadb" else '{"a": 1}')
        d_option = not typed.ok
        e = cast == datetime.date(2024, 1, 2)
    return {
        "A": d_option,
        "B": typed_select.mentions("CAST") and is_date,
        "C": c,
        "D": a,
        "E": e,
    }


if __name__ == "__main__":
    run_alone(__file__)

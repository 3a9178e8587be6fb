"""text() takes every :name as a bound parameter, even inside a quoted string; \\: escapes it."""

from sqlalchemy import exc, text

from verifiers import Lab, run_alone


def prove(lab: Lab) -> dict[str, bool]:
    with lab.capture(), lab.engine.connect() as conn:
        quoted = lab.attempt("SELECT 'note :b'", lambda: conn.scalar(text("SELECT 'note :b'")))
        escaped = lab.attempt(r"SELECT 'note \:b'", lambda: conn.scalar(text(r"SELECT 'note \:b'")))
        clock = lab.attempt("SELECT '10:30'", lambda: conn.scalar(text("SELECT '10:30'")))
        doubled = lab.attempt("SELECT 'note ::b'", lambda: conn.scalar(text("SELECT 'note ::b'")))
    lab.fact("the first statement's error names parameter 'b'",
             "A value is required for bind parameter 'b'" in (quoted.message or ""))
    lab.fact("parameters text() finds in SELECT ' :30'", sorted(text("SELECT ' :30'").compile().params))
    lab.fact("parameters text() finds in SELECT '10:30'", sorted(text("SELECT '10:30'").compile().params))

    return {
        "A": quoted.raised(exc.StatementError, match="bind parameter 'b'"),
        "B": escaped.ok and escaped.value == "note :b",
        "C": not clock.ok,
        "D": quoted.ok and quoted.value == "note :b",
        "E": doubled.ok and doubled.value == "note :b",
    }


if __name__ == "__main__":
    run_alone(__file__)

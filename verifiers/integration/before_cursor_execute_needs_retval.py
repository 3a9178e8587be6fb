"""A before_cursor_execute listener's returned (statement, parameters) is used only when it was registered with retval=True."""

import warnings

from sqlalchemy import event, text
from sqlalchemy.engine import Engine

from verifiers import Lab, run_alone


def tag(conn, cursor, statement, parameters, context, executemany):
    return statement + " /* app=billing */", parameters


def log_only(conn, cursor, statement, parameters, context, executemany):
    pass  # looks at the statement and returns nothing


def run_select_one(lab: Lab, engine: Engine, listener, **listen_options) -> tuple[list[str], str | None, list[str]]:
    """Register ``listener`` on ``engine``, run SELECT 1: the SQL the cursor was given, the error, the warnings."""
    event.listen(engine, "before_cursor_execute", listener, **listen_options)
    # The Lab's recorder listens to before_cursor_execute ahead of ``listener``, so the SQL list in the report
    # shows each statement before any rewrite; after_cursor_execute is given what the cursor really ran.
    executed: list[str] = []

    @event.listens_for(engine, "after_cursor_execute")
    def record(conn, cursor, statement, parameters, context, executemany) -> None:
        executed.append(statement)

    error = None
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with engine.connect() as connection:
            try:
                connection.execute(text("SELECT 1"))
            except Exception as raised:  # which error, if any, a listener's return value causes
                error = f"{type(raised).__name__}: {raised}"
    return executed, error, [f"{w.category.__name__}: {w.message}" for w in caught]


def prove(lab: Lab) -> dict[str, bool]:
    plain_sql, plain_error, plain_warnings = run_select_one(lab, lab.make_engine(label="no_retval"), tag)
    lab.fact("tag() without retval: statement the cursor ran", plain_sql)
    lab.fact("tag() without retval: error", plain_error)
    lab.fact("tag() without retval: warnings", plain_warnings)

    retval_sql, retval_error, _ = run_select_one(lab, lab.make_engine(label="retval"), tag, retval=True)
    lab.fact("tag() with retval=True: statement the cursor ran", retval_sql)
    lab.fact("tag() with retval=True: error", retval_error)

    silent_sql, silent_error, _ = run_select_one(lab, lab.make_engine(label="log_only"), log_only, retval=True)
    lab.fact("log_only() with retval=True: statement the cursor ran", silent_sql)
    lab.fact("log_only() with retval=True: error", silent_error)

    return {
        "A": plain_sql == ["SELECT 1 /* app=billing */"],
        "B": plain_error is None and not plain_warnings and plain_sql == ["SELECT 1"],
        "C": plain_error is not None,
        "D": retval_error is None and retval_sql == ["SELECT 1 /* app=billing */"],
        "E": silent_error is None and silent_sql == ["SELECT 1"],
    }


if __name__ == "__main__":
    run_alone(__file__)

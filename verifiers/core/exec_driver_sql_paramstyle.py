"""exec_driver_sql() passes the SQL to the driver unchanged: placeholders must be in the driver's own style."""

from sqlalchemy import text

from verifiers import Lab, run_alone


def prove(lab: Lab) -> dict[str, bool]:
    paramstyle = lab.fact("the driver's paramstyle", lab.engine.dialect.paramstyle)
    lab.fact("the paramstyle is the one the text names for this driver",
             paramstyle == ("qmark" if lab.backend == "sqlite" else "pyformat"))
    with lab.capture(), lab.engine.connect() as conn:
        colon = lab.attempt('exec_driver_sql("SELECT :x", {"x": 1})',
                            lambda: conn.exec_driver_sql("SELECT :x", {"x": 1}).scalar())
        conn.rollback()
        pyformat = lab.attempt('exec_driver_sql("SELECT %(x)s", {"x": 1})',
                               lambda: conn.exec_driver_sql("SELECT %(x)s", {"x": 1}).scalar())
        conn.rollback()
        through_text = lab.attempt('execute(text("SELECT :x"), {"x": 1})',
                                   lambda: conn.execute(text("SELECT :x"), {"x": 1}).scalar())

    on_sqlite = lab.backend == "sqlite"
    # Each option speaks of every backend; a run decides the part about the backend it runs on.
    return {
        "A": (colon.ok and not pyformat.ok) if on_sqlite else (pyformat.ok and pyformat.value == 1 and not colon.ok),
        "B": (not colon.ok) if on_sqlite else colon.ok,
        "C": through_text.ok and through_text.value == 1,
        "D": not colon.ok and not pyformat.ok,
    }


if __name__ == "__main__":
    run_alone(__file__)

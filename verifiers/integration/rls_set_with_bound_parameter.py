"""Setting the tenant for row-level security: SET takes no bound parameter on psycopg 3; set_config() does."""

from sqlalchemy import exc, text

from verifiers import Lab, run_alone


def prove(lab: Lab) -> dict[str, bool]:
    with lab.capture(), lab.engine.connect() as conn:
        with_set = lab.attempt('text("SET LOCAL app.tenant_id = :t"), {"t": "7"}',
                               lambda: conn.execute(text("SET LOCAL app.tenant_id = :t"), {"t": "7"}))
        conn.rollback()
        with_config = lab.attempt("""text("SELECT set_config('app.tenant_id', :t, true)"), {"t": "7"}""",
                                  lambda: conn.execute(text("SELECT set_config('app.tenant_id', :t, true)"),
                                                       {"t": "7"}))
        seen = lab.fact("current_setting('app.tenant_id') in that transaction",
                        conn.scalar(text("SELECT current_setting('app.tenant_id', true)")))
        conn.rollback()
    lab.fact("the SET statement's error mentions $1", "$1" in (with_set.message or ""))

    return {
        "A": not with_config.ok,
        "B": with_set.ok,
        "C": with_set.raised(exc.ProgrammingError) and with_config.ok and seen == "7",
        "D": with_set.raised(exc.ProgrammingError) and seen is None,
    }


if __name__ == "__main__":
    run_alone(__file__)

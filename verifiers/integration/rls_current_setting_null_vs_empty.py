"""current_setting() of a custom setting: NULL before it was ever set, '' after a SET LOCAL ended."""

from sqlalchemy import exc, text
from sqlalchemy.pool import QueuePool

from verifiers import Lab, run_alone


def prove(lab: Lab) -> dict[str, bool]:
    app_role = lab.role("tenant_app")
    with lab.setup(), lab.engine.begin() as conn:
        quote = conn.dialect.identifier_preparer.quote
        conn.execute(text("CREATE TABLE doc (id INTEGER PRIMARY KEY, tenant_id INTEGER)"))
        conn.execute(text("INSERT INTO doc VALUES (1, 1), (2, 2)"))
        conn.execute(text("ALTER TABLE doc ENABLE ROW LEVEL SECURITY"))
        conn.execute(text("CREATE POLICY by_tenant ON doc USING (tenant_id = current_setting('app.tenant_id')::int)"))
        conn.execute(text(f"GRANT SELECT ON doc TO {quote(app_role)}"))

    engine = lab.make_engine(poolclass=QueuePool, pool_size=1, max_overflow=0)
    with lab.capture():
        with engine.connect() as conn:
            never_set = lab.fact("current_setting('app.tenant_id', true) before any set", conn.scalar(
                text("SELECT current_setting('app.tenant_id', true)")))
            strict = lab.attempt("current_setting('app.tenant_id') before any set",
                                 lambda: conn.scalar(text("SELECT current_setting('app.tenant_id')")))
            conn.rollback()
            conn.execute(text("SELECT set_config('app.tenant_id', '1', true)"))
            conn.commit()
            first_dbapi_connection = conn.connection.dbapi_connection
        with engine.connect() as conn:  # the same DBAPI connection, back from the pool
            lab.fact("the next checkout got the same DBAPI connection",
                     conn.connection.dbapi_connection is first_dbapi_connection)
            after = lab.fact("current_setting('app.tenant_id', true) on the next checkout", conn.scalar(
                text("SELECT current_setting('app.tenant_id', true)")))
            defined = lab.attempt("current_setting('app.tenant_id') on the next checkout",
                                  lambda: conn.scalar(text("SELECT current_setting('app.tenant_id')")))
            lab.fact("the setting is defined on the next checkout (no missing_ok needed)", defined.ok)
            conn.execute(text(f"SET LOCAL ROLE {conn.dialect.identifier_preparer.quote(app_role)}"))
            rows = lab.attempt("SELECT id FROM doc as tenant_app, tenant not set",
                               lambda: conn.scalars(text("SELECT id FROM doc")).all())
            conn.rollback()

    return {
        "A": rows.ok and rows.value == [],
        "B": after is None,
        "C": never_set is None and strict.raised(exc.ProgrammingError, match="unrecognized configuration parameter")
             and after == "" and rows.raised(exc.DataError, match="invalid input syntax for type integer"),
        "D": never_set == "",
    }


if __name__ == "__main__":
    run_alone(__file__)

"""Breaking a CHECK constraint: IntegrityError on PostgreSQL and SQLite, OperationalError on MariaDB."""

from sqlalchemy import CheckConstraint, Column, Integer, MetaData, Table, exc, insert

from verifiers import Lab, run_alone

metadata = MetaData()
line = Table("order_line", metadata, Column("id", Integer, primary_key=True), Column("qty", Integer),
             CheckConstraint("qty > 0", name="ck_order_line_qty"))


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        metadata.create_all(lab.engine)

    with lab.capture():
        with lab.engine.begin() as conn:
            broken = lab.attempt("insert qty=0", lambda: conn.execute(insert(line).values(id=1, qty=0)))
    code = broken.error.orig.args[0] if lab.backend == "mariadb" and broken.error is not None else None
    lab.fact("MariaDB's error code (checked there only)", code)
    driver_class = type(broken.error.orig).__name__ if isinstance(broken.error, exc.DBAPIError) else None
    lab.fact("psycopg's exception is CheckViolation (checked on PostgreSQL only)",
             driver_class == "CheckViolation" if lab.backend == "postgresql" else True)

    caught_by_integrity_handler = isinstance(broken.error, exc.IntegrityError)
    # Each option speaks of every backend; a run decides the part about the backend it runs on.
    if lab.backend == "mariadb":
        a = broken.raised(exc.OperationalError) and code == 4025
    else:
        a = broken.raised(exc.IntegrityError)
    return {
        "A": a,
        "B": caught_by_integrity_handler if lab.backend == "mariadb" else not caught_by_integrity_handler,
        "C": broken.ok,
        "D": broken.raised(exc.StatementError),
    }


if __name__ == "__main__":
    run_alone(__file__)

"""Whether rollback() undoes a CREATE TABLE depends on the database, and on SQLite on what came before it."""

from sqlalchemy import Column, Integer, MetaData, Table, func, insert, inspect, select, text

from verifiers import Lab, run_alone

metadata = MetaData()
log = Table("log", metadata, Column("id", Integer, primary_key=True))


def has_table(lab: Lab, name: str) -> bool:
    return inspect(lab.engine).has_table(name)


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        metadata.create_all(lab.engine)

    with lab.capture():
        with lab.engine.connect() as conn:  # (a) DDL as the first statement
            conn.execute(text("CREATE TABLE first_ddl (id INTEGER)"))
            # The text's sentence about sqlite3: that CREATE TABLE ran with no transaction open in the driver.
            lab.fact("on SQLite, no transaction was open in the driver after (a)'s CREATE TABLE",
                     not conn.connection.dbapi_connection.in_transaction if lab.backend == "sqlite" else True)
            conn.rollback()
        with lab.engine.connect() as conn:  # (b) DML, then DDL
            conn.execute(insert(log).values(id=1))
            lab.fact("on SQLite, (b)'s INSERT opened a transaction in the driver",
                     conn.connection.dbapi_connection.in_transaction if lab.backend == "sqlite" else True)
            conn.execute(text("CREATE TABLE after_dml (id INTEGER)"))
            conn.rollback()
    a = lab.fact("(a) first_ddl exists after rollback", has_table(lab, "first_ddl"))
    b = lab.fact("(b) after_dml exists after rollback", has_table(lab, "after_dml"))
    with lab.other_connection() as other:
        rows = lab.fact("(b) rows in log after rollback", other.scalar(select(func.count()).select_from(log)))

    expected = {"postgresql": (False, False, 0), "mariadb": (True, True, 1), "sqlite": (True, False, 0)}
    wrong = {"postgresql": (True, True, 1), "mariadb": (False, False, 0), "sqlite": (False, False, 0)}
    # Each option speaks of every backend; a run decides the part about the backend it runs on.
    return {
        "A": (a, b, rows) == expected[lab.backend],
        "B": (a, b, rows) == wrong[lab.backend],
        "C": a and b and rows == 0,
        "D": rows == 0 if lab.backend == "mariadb" else rows == 1,
    }


if __name__ == "__main__":
    run_alone(__file__)

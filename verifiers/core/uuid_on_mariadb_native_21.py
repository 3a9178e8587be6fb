"""Uuid() on MariaDB: CHAR(32) hex in 2.0, the server's native UUID type in 2.1."""

import uuid

from sqlalchemy import Column, Integer, MetaData, Table, Uuid, exc, insert, select, text

from verifiers import Lab, run_alone

TOKEN = uuid.UUID("12345678-1234-5678-1234-567812345678")

metadata = MetaData()
token = Table("token", metadata, Column("id", Integer, primary_key=True), Column("u", Uuid))


def prove(lab: Lab) -> dict[str, bool]:
    with lab.capture() as ddl:
        metadata.create_all(lab.engine)
    [create] = ddl.of_kind("CREATE TABLE")
    declared_char32 = lab.fact("CREATE TABLE declares u as CHAR(32)", create.mentions("CHAR") and "CHAR(32)" in create.sql)
    declared_uuid = lab.fact("CREATE TABLE declares u as UUID", " UUID" in create.sql.upper().replace("\n", " "))
    declared_binary = lab.fact("CREATE TABLE declares u as BINARY(16)", "BINARY(16)" in create.sql.upper())

    with lab.engine.begin() as conn:
        conn.execute(insert(token).values(id=1, u=TOKEN))
    with lab.engine.connect() as conn:
        raw = lab.fact("raw value of u (text() SELECT)", conn.scalar(text("SELECT u FROM token")))
        typed = conn.scalar(select(token.c.u))
        lab.fact("type of u selected through the Table", type(typed).__name__)
        by_string = lab.attempt("select where u == str(TOKEN)",
                                lambda: conn.execute(select(token.c.id).where(token.c.u == str(TOKEN))).all())
        lab.fact("the failure says a str has no .hex", "'str' object has no attribute 'hex'" in (by_string.message or ""))
        lab.fact("ids found by the str comparison", [tuple(row) for row in by_string.value] if by_string.ok else None)

    return {
        "A": declared_char32,
        "B": declared_uuid,
        "C": raw == str(TOKEN),
        "D": by_string.raised(exc.StatementError),
        "E": typed == TOKEN and isinstance(typed, uuid.UUID),
        "F": declared_binary,
    }


if __name__ == "__main__":
    run_alone(__file__)

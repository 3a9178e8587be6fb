"""Table.drop() on PostgreSQL with a named Enum shared by two tables: DROP TYPE too (2.0) or not (2.1)."""

import enum

from sqlalchemy import Column, Enum, Integer, MetaData, Table, exc, inspect

from verifiers import Lab, run_alone


class Status(enum.Enum):
    OPEN = 1
    CLOSED = 2


metadata = MetaData()
status_type = Enum(Status, name="ticket_status")
ticket = Table("ticket", metadata, Column("id", Integer, primary_key=True), Column("status", status_type))
archive = Table("archive", metadata, Column("id", Integer, primary_key=True), Column("status", status_type))


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        metadata.create_all(lab.engine)

    with lab.capture() as sent:
        dropped = lab.attempt("ticket.drop(engine)", lambda: ticket.drop(lab.engine))
    drops = lab.fact("DROP statements sent", [s.kind for s in sent.queries if s.kind.startswith("DROP")])
    inspector = inspect(lab.engine)
    ticket_left = lab.fact("ticket still exists", inspector.has_table("ticket"))
    type_left = lab.fact("the ticket_status type still exists",
                         any(e["name"] == "ticket_status" for e in inspector.get_enums(schema="*")))

    with lab.capture() as cleanup:
        metadata.drop_all(lab.engine)
    lab.fact("drop_all() then sends", [s.kind for s in cleanup.queries if s.kind.startswith("DROP")])

    return {
        "A": dropped.ok and drops == ["DROP TABLE"] and not ticket_left and type_left,
        "B": drops == ["DROP TABLE", "DROP TYPE"] and dropped.raised(exc.InternalError) and ticket_left,
        "C": dropped.ok and not ticket_left and not type_left,
        "D": dropped.raised(exc.CompileError) and drops == [] and ticket_left,
    }


if __name__ == "__main__":
    run_alone(__file__)

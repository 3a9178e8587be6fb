"""Dialect-specific index options are ignored elsewhere; a functional index is refused by MariaDB 10.11."""

from sqlalchemy import Column, Index, Integer, MetaData, String, Table, exc, func
from sqlalchemy.schema import CreateIndex

from verifiers import Lab, run_alone

metadata = MetaData()
member = Table("member", metadata, Column("id", Integer, primary_key=True), Column("x", Integer),
               Column("email", String(100)))
positive_x = Index("ix_member_positive_x", member.c.x, postgresql_where=member.c.x > 0, sqlite_where=member.c.x > 0)
Index("ix_member_email_lower", func.lower(member.c.email))


def prove(lab: Lab) -> dict[str, bool]:
    with lab.capture() as ddl:
        created = lab.attempt("create_all", lambda: metadata.create_all(lab.engine))
    indexes = [s for s in ddl.queries if s.kind == "CREATE INDEX"]
    functional = next((s for s in indexes if s.mentions("ix_member_email_lower")), None)
    lab.fact("CREATE INDEX statements sent (their order varies)", sorted(s.sql for s in indexes))
    # compiled for this dialect rather than taken from the capture: on MariaDB it may never be sent
    partial_ddl = lab.fact("the positive_x index compiled for this backend",
                           str(CreateIndex(positive_x).compile(dialect=lab.engine.dialect)))
    partial_has_where = "WHERE" in partial_ddl.upper()

    # Each option speaks of every backend; a run decides the part about the backend it runs on.
    if lab.backend == "mariadb":
        a = not partial_has_where and functional is not None and created.raised(exc.ProgrammingError)
        b = created.raised(exc.CompileError)
        c = created.ok and partial_has_where
    else:
        a = created.ok and partial_has_where and functional is not None and functional.mentions("lower")
        b = not partial_has_where
        c = not partial_has_where
    return {
        "A": b,
        "B": a,
        "C": c,
        "D": created.ok and functional is None,
    }


if __name__ == "__main__":
    run_alone(__file__)

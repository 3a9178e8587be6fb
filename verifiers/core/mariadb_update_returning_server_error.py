"""MariaDB 10.11 runs INSERT ... RETURNING and DELETE ... RETURNING, but the server rejects UPDATE ... RETURNING."""

from sqlalchemy import Column, Integer, MetaData, String, Table, delete, insert, select, update

from sqlalchemy.exc import CompileError, ProgrammingError

from verifiers import Lab, run_alone

metadata = MetaData()

ticket = Table(
    "ticket",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("status", String(20), nullable=False),
)


def prove(lab: Lab) -> dict[str, bool]:
    metadata.create_all(lab.engine)

    # INSERT ... RETURNING
    with lab.engine.connect() as conn:
        inserted = conn.execute(insert(ticket).values(status="open").returning(ticket.c.id, ticket.c.status)).all()
        conn.execute(insert(ticket).values(status="open"))
        conn.commit()
    inserted = lab.fact("rows returned by insert().returning()", [tuple(row) for row in inserted])

    # UPDATE ... RETURNING: is it refused by SQLAlchemy before sending, or by the server?
    with lab.engine.connect() as conn:
        with lab.capture() as attempt:
            updating = lab.attempt(
                "update().returning()",
                lambda: conn.execute(
                    update(ticket).where(ticket.c.id == 1).values(status="closed").returning(ticket.c.id)
                ),
            )
        conn.rollback()
    orig = getattr(updating.error, "orig", None)
    error_code = lab.fact("server error code", getattr(orig, "args", [None])[0])
    lab.fact("class the driver raised", f"{type(orig).__module__}.{type(orig).__name__}" if orig else None)
    lab.fact("statements sent for the attempt", attempt.queries.kinds())
    update_sent = attempt.count("UPDATE") == 1 and attempt.of_kind("UPDATE")[0].mentions("RETURNING")
    select_sent = lab.fact("a SELECT followed the UPDATE", attempt.count("SELECT") > 0)
    with lab.engine.connect() as conn:
        status_after = lab.fact("status of ticket 1 afterwards", conn.scalar(select(ticket.c.status).where(ticket.c.id == 1)))

    # DELETE ... RETURNING
    with lab.engine.connect() as conn:
        deleted = conn.execute(delete(ticket).where(ticket.c.id == 2).returning(ticket.c.id, ticket.c.status)).all()
        conn.commit()
    deleted = lab.fact("rows returned by delete().returning()", [tuple(row) for row in deleted])
    with lab.engine.connect() as conn:
        lab.fact("ticket ids left after the DELETE", list(conn.scalars(select(ticket.c.id).order_by(ticket.c.id))))

    # The dialect's own record of what the connected server supports.
    dialect = lab.engine.dialect
    flags = lab.fact(
        "dialect flags (insert, update, delete _returning)",
        (dialect.insert_returning, dialect.update_returning, dialect.delete_returning),
    )

    return {
        "A": flags == (True, True, True),
        "B": deleted == [(2, "open")],
        "C": updating.raised(CompileError) and not update_sent,
        "D": updating.raised(ProgrammingError) and error_code == 1064 and update_sent,
        "E": updating.ok and select_sent and status_after == "closed",
        "F": inserted == [(1, "open")],
    }


if __name__ == "__main__":
    run_alone(__file__)

"""Session(execution_options=...): new in 2.1, applied to queries and to flushes; a TypeError in 2.0."""

from sqlalchemy import String, event, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Account(Base):
    __tablename__ = "account"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(30))


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        Base.metadata.create_all(lab.engine)
    seen = []

    @event.listens_for(lab.engine, "before_cursor_execute")
    def note_options(conn, cursor, statement, parameters, context, executemany) -> None:
        seen.append((statement.split()[0].upper(), context.execution_options.get("tenant")))

    made = lab.attempt('Session(engine, execution_options={"tenant": "acme"})',
                       lambda: Session(lab.engine, execution_options={"tenant": "acme"}))
    if made.ok:
        with lab.capture(), made.value as session:
            session.add(Account(id=1, name="ada"))
            session.flush()
            session.scalars(select(Account)).all()
            session.rollback()
    lab.fact("(statement, tenant option) as the engine saw them", list(seen))
    tenant_on = {kind: tenant for kind, tenant in seen}
    seen.clear()
    with lab.capture():
        with Session(bind=lab.engine.execution_options(tenant="acme")) as session:
            session.scalars(select(Account)).all()
    event.remove(lab.engine, "before_cursor_execute", note_options)
    lab.fact("with a bind made by engine.execution_options(), the SELECT carries the option",
             ("SELECT", "acme") in seen)

    return {
        "A": made.raised(TypeError, match="execution_options"),
        "B": made.ok and tenant_on.get("INSERT") == "acme" and tenant_on.get("SELECT") == "acme",
        "C": made.ok and tenant_on.get("SELECT") == "acme" and tenant_on.get("INSERT") is None,
        "D": made.ok and tenant_on.get("SELECT") is None,
    }


if __name__ == "__main__":
    run_alone(__file__)

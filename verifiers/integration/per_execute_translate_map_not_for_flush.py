"""A schema_translate_map given to one execute() does not reach the flush; one set on the bind does."""

from sqlalchemy import String, func, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Account(Base):
    __tablename__ = "account"  # no schema: each tenant's schema is chosen by schema_translate_map
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(30))


def for_tenant(schema: str) -> dict:
    return {"schema_translate_map": {None: schema}}


def rows_in(lab: Lab, schema: str | None) -> int:
    """How many accounts a separate connection counts in one schema (None: the default one)."""
    with lab.other_connection() as conn:
        return conn.execution_options(**for_tenant(schema)).scalar(select(func.count()).select_from(Account))


def prove(lab: Lab) -> dict[str, bool]:
    tenant2 = lab.schema("tenant2")
    with lab.setup():
        Base.metadata.create_all(lab.engine)  # the default schema has an account table too
        Base.metadata.create_all(lab.engine.execution_options(**for_tenant(tenant2)))

    with Session(lab.engine) as session:
        with lab.capture() as per_execute:
            session.execute(select(Account), execution_options=for_tenant(tenant2)).all()
            session.add(Account(id=1, name="ada"))
            flushed = lab.attempt("session.commit()", session.commit)
    select_sent, insert_sent = per_execute.of_kind("SELECT")[0], per_execute.of_kind("INSERT")[0]
    select_to_tenant2 = lab.fact("the SELECT names tenant 2's schema", select_sent.mentions(tenant2))
    insert_to_tenant2 = lab.fact("the INSERT names tenant 2's schema", insert_sent.mentions(tenant2))
    landed = {
        "default": lab.fact("rows in the default schema's account", rows_in(lab, None)),
        "tenant2": lab.fact("rows in tenant 2's account", rows_in(lab, tenant2)),
    }

    bound = lab.engine.execution_options(**for_tenant(tenant2))
    with Session(bind=bound) as session:
        with lab.capture() as on_bind:
            session.execute(select(Account).where(Account.id == 2)).all()
            session.add(Account(id=2, name="bob"))
            session.commit()
    bind_statements = [*on_bind.of_kind("SELECT"), *on_bind.of_kind("INSERT")]
    bind_all_tenant2 = lab.fact(
        "with the map on the bind, the SELECT and the INSERT both name tenant 2's schema",
        len(bind_statements) == 2 and all(s.mentions(tenant2) for s in bind_statements),
    )
    lab.fact("rows in tenant 2's account after the bound Session", rows_in(lab, tenant2))

    # The same mistake when the default schema has no account table at all.
    Base.metadata.drop_all(lab.engine)
    with Session(lab.engine) as session:
        session.execute(select(Account), execution_options=for_tenant(tenant2)).all()
        session.add(Account(id=3, name="cy"))
        without_default = lab.attempt("session.commit() with no account table in the default schema",
                                      session.commit)
    went_to_tenant2 = rows_in(lab, tenant2) == 2
    lab.fact(
        "with no default table: fails on PostgreSQL and MariaDB, lands in the attached tenant file on SQLite",
        without_default.ok and went_to_tenant2 if lab.backend == "sqlite" else not without_default.ok,
    )

    return {
        "A": not flushed.ok,
        "B": insert_to_tenant2 and landed == {"default": 0, "tenant2": 1},
        "C": flushed.ok and not insert_to_tenant2 and landed == {"default": 1, "tenant2": 0},
        "D": select_to_tenant2,
        "E": bind_all_tenant2,
    }


if __name__ == "__main__":
    run_alone(__file__)

"""Schema per tenant in one Session: the identity map does not know which schema a row came from."""

from sqlalchemy import String, insert, inspect, select
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


def prove(lab: Lab) -> dict[str, bool]:
    tenant1, tenant2 = lab.schema("tenant1"), lab.schema("tenant2")
    with lab.setup():
        for schema, name in ((tenant1, "acme"), (tenant2, "globex")):
            engine = lab.engine.execution_options(**for_tenant(schema))
            Base.metadata.create_all(engine)
            with engine.begin() as conn:
                conn.execute(insert(Account).values(id=1, name=name))

    query = select(Account).where(Account.id == 1)
    with Session(lab.engine) as session:
        first = session.execute(query, execution_options=for_tenant(tenant1)).scalar_one()
        with lab.capture() as second_run:
            run = lab.attempt("second query (tenant 2)",
                              lambda: session.execute(query, execution_options=for_tenant(tenant2)).scalar_one())
        second = run.value if run.ok else None
        name = second.name if run.ok else None

        lab.fact("first query: name", first.name)
        lab.fact("second query: name", name)
        same_object = lab.fact("second query returned the same Python object", second is first)
        cls, primary_key, token = inspect(first).identity_key
        lab.fact("identity key", f"({cls.__name__}, {primary_key}, {token})")
        selects = second_run.of_kind("SELECT")
        asked_tenant2 = lab.fact(
            "the second query's SELECT names tenant 2's schema",
            len(selects) == 1 and selects[0].mentions(tenant2) and not selects[0].mentions(tenant1),
        )

        refreshed = session.execute(
            query, execution_options={**for_tenant(tenant2), "populate_existing": True}
        ).scalar_one()
        lab.fact("with populate_existing: name", refreshed.name)
        session.rollback()

    with Session(lab.engine) as fresh:
        lab.fact(
            "a new Session, tenant 2: name",
            fresh.execute(query, execution_options=for_tenant(tenant2)).scalar_one().name,
        )

    return {
        "A": len(selects) == 0,
        "B": asked_tenant2 and same_object and name == "acme",
        "C": run.ok and not same_object and name == "globex",
        "D": same_object and name == "globex",
        "E": not run.ok,
    }


if __name__ == "__main__":
    run_alone(__file__)

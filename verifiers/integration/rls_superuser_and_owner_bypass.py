"""PostgreSQL row-level security binds ordinary roles, binds the owner only when forced, and never binds a superuser."""

from sqlalchemy import String, select, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Doc(Base):
    __tablename__ = "doc"
    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[int]
    body: Mapped[str] = mapped_column(String(50))


def tenant_ids_seen(connection: Connection, role: str | None, tenant: str | None) -> list[int] | str:
    """The tenant_id of every row a SELECT returns, acting as ``role`` with ``tenant`` set
    (None: stay the connecting superuser / set nothing), or the error's class name.

    Both the role and the setting are LOCAL to a transaction that is rolled back."""
    with connection.begin() as transaction:
        if role is not None:
            # A role name cannot be a bound parameter; it comes from lab.role() and is quoted here.
            connection.execute(text(f"SET LOCAL ROLE {connection.dialect.identifier_preparer.quote(role)}"))
        if tenant is not None:
            connection.execute(text("SELECT set_config('app.tenant_id', :t, true)"), {"t": tenant})
        try:
            return sorted(connection.scalars(select(Doc.tenant_id)))
        except DBAPIError as error:
            return type(error).__name__ + ": " + str(error.orig).splitlines()[0]
        finally:
            transaction.rollback()


def prove(lab: Lab) -> dict[str, bool]:
    owner = lab.role("doc_owner")
    tenant_app = lab.role("tenant_app")
    bypass_app = lab.role("bypass_app")  # given BYPASSRLS below
    with lab.setup():
        Base.metadata.create_all(lab.engine)
        with lab.engine.begin() as conn:  # as the harness's user, a superuser
            conn.execute(Doc.__table__.insert(), [
                {"tenant_id": 1, "body": "a"}, {"tenant_id": 1, "body": "b"}, {"tenant_id": 2, "body": "c"},
            ])
            conn.execute(text("ALTER TABLE doc ENABLE ROW LEVEL SECURITY"))
            conn.execute(text("CREATE POLICY tenant_isolation ON doc "
                              "USING (tenant_id = current_setting('app.tenant_id')::int)"))
            quote = conn.dialect.identifier_preparer.quote
            conn.execute(text(f"GRANT SELECT ON doc TO {quote(tenant_app)}, {quote(bypass_app)}"))
            conn.execute(text(f"ALTER ROLE {quote(bypass_app)} BYPASSRLS"))
            conn.execute(text(f"ALTER TABLE doc OWNER TO {quote(owner)}"))

        with lab.engine.connect() as conn:
            lab.fact("connecting user is a superuser",
                     conn.scalar(text("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")))
            lab.fact("table owner is the doc_owner role", conn.scalar(text("SELECT tableowner FROM pg_tables "
                                                                          "WHERE tablename = 'doc'")) == owner)

    with lab.capture(), lab.engine.connect() as conn:
        app_tenant_1 = lab.fact("tenant_app, tenant 1", tenant_ids_seen(conn, tenant_app, "1"))
        owner_enabled = lab.fact("owner, tenant 1, RLS enabled", tenant_ids_seen(conn, owner, "1"))
        superuser_enabled = lab.fact("superuser, tenant 1, RLS enabled", tenant_ids_seen(conn, None, "1"))
        lab.fact("BYPASSRLS role, tenant 1, RLS enabled", tenant_ids_seen(conn, bypass_app, "1"))

        with conn.begin():
            conn.execute(text("ALTER TABLE doc FORCE ROW LEVEL SECURITY"))
        owner_forced = lab.fact("owner, tenant 1, RLS forced", tenant_ids_seen(conn, owner, "1"))
        superuser_forced = lab.fact("superuser, tenant 1, RLS forced", tenant_ids_seen(conn, None, "1"))
        lab.fact("BYPASSRLS role, tenant 1, RLS forced", tenant_ids_seen(conn, bypass_app, "1"))

    # A brand-new connection, on which app.tenant_id has never been set.
    with lab.capture(), lab.other_connection() as fresh:
        app_no_tenant = lab.fact("tenant_app, no tenant set", tenant_ids_seen(fresh, tenant_app, None))

    # The same policy with missing_ok (`true`): a setting never defined gives NULL, and so no rows.
    with lab.capture():
        with lab.engine.begin() as conn:
            conn.execute(text("ALTER POLICY tenant_isolation ON doc "
                              "USING (tenant_id = current_setting('app.tenant_id', true)::int)"))
        with lab.other_connection() as fresh:
            lab.fact("policy with missing_ok: tenant_app, no tenant set", tenant_ids_seen(fresh, tenant_app, None))

    everything = [1, 1, 2]
    return {
        "A": app_tenant_1 == [1, 1],
        "B": app_no_tenant == [],
        "C": owner_enabled == everything,
        "D": owner_forced == [1, 1],
        "E": superuser_enabled == everything and superuser_forced == [1, 1],
    }


if __name__ == "__main__":
    run_alone(__file__)

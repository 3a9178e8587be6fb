"""A data migration that uses today's ORM model breaks on a database still at an older revision."""

from alembic import command
from sqlalchemy import column, select, table

from verifiers import Lab, Revision, alembic_project, run_alone

CREATE_AND_SEED = Revision(
    None,
    """
    acct = op.create_table('acct', sa.Column('id', sa.Integer, primary_key=True), sa.Column('name', sa.String(30)))
    op.bulk_insert(acct, [{'id': 1, 'name': 'ada'}, {'id': 2, 'name': 'bob'}])
    """,
    "op.drop_table('acct')",
)
ADD_EMAIL = Revision("b2", "op.add_column('acct', sa.Column('email', sa.String(80)))", "op.drop_column('acct', 'email')")

# b2, written against the application's model as it is today (what `from app.models import Account` gives).
WITH_TODAYS_MODEL = Revision(
    "a1",
    """
    from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

    class Base(DeclarativeBase):
        pass

    class Account(Base):
        __tablename__ = 'acct'
        id: Mapped[int] = mapped_column(primary_key=True)
        name: Mapped[str] = mapped_column(sa.String(30))
        email: Mapped[str | None] = mapped_column(sa.String(80))  # added by c3, later

    session = Session(bind=op.get_bind())
    for account in session.scalars(sa.select(Account)):
        account.name = account.name.upper()
    session.flush()
    """,
)

# b2, written against a table described in the migration itself: only the columns it needs, as of b2.
WITH_ITS_OWN_TABLE = Revision(
    "a1",
    """
    acct = sa.table('acct', sa.column('id', sa.Integer), sa.column('name', sa.String))
    op.execute(acct.update().values(name=sa.func.upper(acct.c.name)))
    """,
)


def names(lab: Lab) -> list[str]:
    with lab.other_connection() as other:
        return list(other.scalars(select(column("name")).select_from(table("acct")).order_by(column("id"))))


def prove(lab: Lab) -> dict[str, bool]:
    with alembic_project(lab.engine, {"a1": CREATE_AND_SEED, "b2": WITH_TODAYS_MODEL, "c3": ADD_EMAIL}) as config:
        with lab.capture() as model_run:
            with_model = lab.attempt("upgrade head, b2 using today's model", lambda: command.upgrade(config, "head"))
        failed_select = [s for s in model_run.of_kind("SELECT") if s.mentions("acct")]
        select_names_email = lab.fact(
            "the failing SELECT in b2 names the email column", bool(failed_select) and failed_select[-1].mentions("email")
        )
        command.downgrade(config, "base")

    with alembic_project(lab.engine, {"a1": CREATE_AND_SEED, "b2": WITH_ITS_OWN_TABLE, "c3": ADD_EMAIL}) as config:
        with lab.capture():
            with_table = lab.attempt("upgrade head, b2 using its own table()", lambda: command.upgrade(config, "head"))
        seen = lab.fact("names another connection reads afterwards", names(lab))

    return {
        "A": with_model.error_class is not None and select_names_email,
        "B": with_model.ok,
        "C": with_table.ok and seen == ["ADA", "BOB"],
        "D": with_table.ok and seen == ["ada", "bob"],
    }


if __name__ == "__main__":
    run_alone(__file__)

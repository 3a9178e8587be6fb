"""A "uq" naming convention makes SQLAlchemy name unnamed unique constraints itself, in the CREATE TABLE."""

import re

from sqlalchemy import Column, Integer, MetaData, String, Table, UniqueConstraint, inspect

from verifiers import Lab, run_alone

WITH_CONVENTION = MetaData(naming_convention={"uq": "uq_%(table_name)s_%(column_0_N_name)s"})
NO_CONVENTION = MetaData()
FIRST_COLUMN_ONLY = MetaData(naming_convention={"uq": "uq_%(table_name)s_%(column_0_name)s"})


def account_table(metadata: MetaData) -> Table:
    """The same table in each MetaData: one two-column, one column-level and one explicitly named constraint."""
    return Table(
        "account",
        metadata,
        Column("id", Integer, primary_key=True),
        Column("org", String(20)),
        Column("code", String(20)),
        Column("email", String(100), unique=True),
        Column("handle", String(30)),
        UniqueConstraint("org", "code"),
        UniqueConstraint("handle", name="handle_once"),
    )


for metadata in (WITH_CONVENTION, NO_CONVENTION, FIRST_COLUMN_ONLY):
    account_table(metadata)


def create_and_reflect(lab: Lab, label: str, metadata: MetaData):
    """create_all, then the CREATE TABLE it sent and the unique-constraint names the database reports."""
    with lab.capture() as ddl:
        metadata.create_all(lab.engine)
    create_table = ddl.of_kind("CREATE TABLE")[0]
    lab.fact(f"{label}: CREATE TABLE", create_table.sql)
    reflected = inspect(lab.engine).get_unique_constraints("account")
    names = lab.fact(f"{label}: reflected unique constraints", {tuple(uc["column_names"]): uc["name"] for uc in reflected})
    metadata.drop_all(lab.engine)
    return create_table, names


def prove(lab: Lab) -> dict[str, bool]:
    lab.fact("default MetaData().naming_convention", dict(MetaData().naming_convention))

    ddl, names = create_and_reflect(lab, "with the uq convention", WITH_CONVENTION)
    plain_ddl, plain_names = create_and_reflect(lab, "plain MetaData()", NO_CONVENTION)
    _, first_names = create_and_reflect(lab, "with %(column_0_name)s", FIRST_COLUMN_ONLY)

    lab.fact(
        "plain MetaData(): CONSTRAINT names in the CREATE TABLE",
        len(re.findall(r"\bCONSTRAINT\b", plain_ddl.sql, re.I)),
    )
    database_choice = {"postgresql": "account_org_code_key", "mariadb": "org", "sqlite": None}[lab.backend]
    lab.fact(
        "plain MetaData(): the (org, code) name is the one this backend is said to choose",
        plain_names.get(("org", "code")) == database_choice,
    )
    lab.fact("with %(column_0_name)s: name of the (org, code) constraint", first_names.get(("org", "code")))

    return {
        "A": ddl.mentions("uq_account_org_code") and names.get(("org", "code")) == "uq_account_org_code",
        "B": ddl.mentions("uq_account_email") and names.get(("email",)) == "uq_account_email",
        "C": plain_ddl.mentions("uq_account_org_code") or plain_names.get(("org", "code")) == "uq_account_org_code",
        "D": first_names.get(("org", "code")) == "uq_account_org_code",
        "E": ddl.mentions("uq_account_handle_once") or names.get(("handle",)) != "handle_once",
    }


if __name__ == "__main__":
    run_alone(__file__)

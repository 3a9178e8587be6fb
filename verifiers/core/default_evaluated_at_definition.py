"""default=new_token() is one value fixed when the Table is defined; default=new_token is called per row."""

import uuid

from sqlalchemy import Column, Integer, MetaData, String, Table, insert, select

from verifiers import Lab, run_alone

calls = []


def new_token() -> str:
    calls.append(1)
    return uuid.uuid4().hex


metadata = MetaData()
invite = Table(
    "invite", metadata,
    Column("id", Integer, primary_key=True),
    Column("email", String(100)),
    Column("token_a", String(32), default=new_token()),  # called here, once
    Column("token_b", String(32), default=new_token),    # the function itself
)
calls_at_definition = len(calls)


def prove(lab: Lab) -> dict[str, bool]:
    with lab.capture() as ddl:
        metadata.create_all(lab.engine)
    [create] = ddl.of_kind("CREATE TABLE")
    ddl_default = lab.fact("the CREATE TABLE has a DEFAULT clause", create.mentions("DEFAULT"))

    lab.fact("new_token() calls while the Table was defined", calls_at_definition)
    before = len(calls)
    with lab.engine.begin() as conn:
        conn.execute(insert(invite), [{"email": "a@example.com"}, {"email": "b@example.com"},
                                      {"email": "c@example.com"}])
        lab.fact("new_token() calls during the INSERT", len(calls) - before)
        rows = conn.execute(select(invite.c.token_a, invite.c.token_b)).all()
    distinct_a = lab.fact("distinct token_a values", len({row.token_a for row in rows}))
    distinct_b = lab.fact("distinct token_b values", len({row.token_b for row in rows}))
    null_a = lab.fact("rows with token_a NULL", sum(row.token_a is None for row in rows))

    return {
        "A": ddl_default,
        "B": distinct_a == 3 and distinct_b == 3,
        "C": null_a == 3,
        "D": distinct_a == 1 and distinct_b == 1,
        "E": distinct_a == 1 and null_a == 0 and distinct_b == 3,
    }


if __name__ == "__main__":
    run_alone(__file__)

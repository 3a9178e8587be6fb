"""Rolling back a savepoint undoes only the work done inside it, in the database and in the session."""

from sqlalchemy import String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Account(Base):
    __tablename__ = "account"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    owner: Mapped[str] = mapped_column(String(50))
    balance: Mapped[int]


def committed_balances(lab: Lab) -> dict[str, int]:
    with lab.other_connection() as other:
        return {owner: balance for owner, balance in other.execute(select(Account.owner, Account.balance))}


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)
    with Session(lab.engine) as setup:
        setup.add_all([Account(id=1, owner="ada", balance=100), Account(id=2, owner="bob", balance=100)])
        setup.commit()

    with lab.capture() as sql, Session(lab.engine) as session:
        ada = session.get(Account, 1)
        bob = session.get(Account, 2)
        ada.balance = 150
        cy = Account(id=3, owner="cy", balance=10)
        session.add(cy)  # still pending: nothing has been flushed yet

        with lab.capture() as savepoint_work:
            sp = session.begin_nested()
            bob.balance = 0
            dee = Account(id=4, owner="dee", balance=20)
            session.add(dee)
            session.flush()
            sp.rollback()
        lab.fact("statements from begin_nested() to sp.rollback()", savepoint_work.kinds())

        ada_state = lab.fact("ada after sp.rollback()", lab.state(ada))
        bob_state = lab.fact("bob after sp.rollback()", lab.state(bob))
        cy_state = lab.fact("cy after sp.rollback()", lab.state(cy))
        lab.fact("cy's expired attributes after sp.rollback()", sorted(cy_state.expired_attributes))
        dee_state = lab.fact("dee after sp.rollback()", lab.state(dee))

        with lab.capture() as reading_ada:
            ada_balance = lab.fact("ada.balance read after sp.rollback()", ada.balance)
        ada_selects = lab.fact("SELECTs sent to read ada.balance", reading_ada.count("SELECT"))
        with lab.capture() as reading_bob:
            bob_balance = lab.fact("bob.balance read after sp.rollback()", bob.balance)
        bob_selects = lab.fact("SELECTs sent to read bob.balance", reading_bob.count("SELECT"))

        session.commit()

    flow = lab.fact("transaction control, in order", sql.transaction_flow())
    committed = lab.fact("rows another connection sees after commit", committed_balances(lab))

    # For contrast: a full rollback() expires every object the session holds.
    with Session(lab.engine) as session:
        accounts = session.scalars(select(Account).order_by(Account.id)).all()
        session.rollback()
        lab.fact("after a full rollback(), each account is expired", [bool(lab.state(a).expired_attributes) for a in accounts])

    return {
        "A": dee_state.pending or "dee" in committed,
        "B": "balance" in bob_state.expired_attributes and bob_selects == 1 and bob_balance == 100,
        "C": not ada_state.expired_attributes and ada_selects == 0 and ada_balance == 150,
        "D": committed.get("cy") == 10,
        "E": "ROLLBACK" in flow or flow.count("BEGIN") > 1,
        "F": committed.get("ada") == 100,
    }


if __name__ == "__main__":
    run_alone(__file__)

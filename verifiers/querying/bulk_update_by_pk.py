"""ORM bulk UPDATE by primary key: one executemany, loaded objects updated, a missing row raises StaleDataError."""

import re

from sqlalchemy import String, insert, select, update
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column
from sqlalchemy.orm.exc import StaleDataError

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    name: Mapped[str] = mapped_column(String(50))


def stored_names(lab: Lab) -> dict[int, str]:
    """The committed names, as another connection reads them."""
    with lab.other_connection() as other:
        return {user_id: name for user_id, name in other.execute(select(User.id, User.name).order_by(User.id))}


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)
    with lab.engine.begin() as conn:
        conn.execute(insert(User), [{"id": 1, "name": "ada"}, {"id": 2, "name": "bob"}, {"id": 3, "name": "cy"}])

    # The update by primary key, with user 1 already loaded in the Session.
    with Session(lab.engine) as session:
        ada = session.get(User, 1)
        with lab.capture() as sql:
            session.execute(update(User), [{"id": 1, "name": "ada2"}, {"id": 2, "name": "bob2"}])
        updates = sql.of_kind("UPDATE")
        lab.fact("UPDATE statements sent (executemany flag of each)", [s.executemany for s in updates])
        # The bound values in placeholder order: the SET value first, then the primary key in the WHERE.
        lab.fact("the bulk UPDATE: values bound per parameter set (SET, then WHERE)", [s.values for s in updates])
        with lab.capture() as reading:
            in_memory = lab.fact("ada.name right after the bulk UPDATE", ada.name)
        read_selects = lab.fact("SELECTs sent reading ada.name", reading.count("SELECT"))
        session.commit()
    lab.fact("names stored after commit", stored_names(lab))

    # A loaded object holding an unflushed change: with autoflush off it is expired, not overwritten;
    # with autoflush on, the change is flushed before the bulk UPDATE runs.
    for autoflush in (False, True):
        with Session(lab.engine, autoflush=autoflush) as session:
            bob = session.get(User, 2)
            bob.name = "local"
            with lab.capture() as pending_sql:
                session.execute(update(User), [{"id": 2, "name": "bob3"}])
            if autoflush:
                lab.fact("autoflush on: values of each UPDATE sent", [s.values for s in pending_sql.of_kind("UPDATE")])
            else:
                lab.fact("autoflush off: attributes of bob expired by the bulk UPDATE", sorted(lab.state(bob).expired_attributes))
            session.rollback()

    # A dict whose primary key matches no row.
    with Session(lab.engine) as session:
        missing_row = lab.attempt(
            "bulk UPDATE with ids 3 and 99",
            lambda: session.execute(update(User), [{"id": 3, "name": "cy2"}, {"id": 99, "name": "zed"}]),
        )
        lab.fact(
            "bulk UPDATE with ids 3 and 99: what the error says",
            (re.search(r"expected to update \d+ row\(s\); \d+ were matched", missing_row.message) or [""])[0],
        )
        session.rollback()

    # A dict without the primary key.
    with Session(lab.engine) as session:
        with lab.capture() as no_pk_sql:
            no_pk = lab.attempt("bulk UPDATE with a dict lacking `id`", lambda: session.execute(update(User), [{"name": "everyone"}]))
        lab.fact("the dict lacking `id`: exception class", no_pk.error_class)
        no_pk_updates = no_pk_sql.of_kind("UPDATE")
        lab.fact("the dict lacking `id`: statements sent", len(no_pk_sql.queries))
        names_after = lab.fact("names seen after the dict lacking `id`", sorted(set(session.scalars(select(User.name)))))
        session.rollback()

    # The same missing row, addressed by an UPDATE with a WHERE clause.
    with Session(lab.engine) as session:
        where_update = lab.attempt(
            "update(User).where(User.id == 99).values(...)",
            lambda: session.execute(update(User).where(User.id == 99).values(name="zed")).rowcount,
        )
        session.rollback()

    return {
        "A": len(updates) == 2,
        "B": len(updates) == 1 and updates[0].executemany and len(updates[0].values) == 2,
        "C": in_memory == "ada2" and read_selects == 0,
        "D": no_pk.ok and len(no_pk_updates) == 1 and not no_pk_updates[0].mentions("WHERE") and names_after == ["everyone"],
        "E": missing_row.raised(StaleDataError),
        "F": where_update.raised(StaleDataError),
    }


if __name__ == "__main__":
    run_alone(__file__)

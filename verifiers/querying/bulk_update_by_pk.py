"""ORM bulk UPDATE by primary key: one executemany, loaded objects updated, a missing row raises StaleDataError."""

from sqlalchemy import String, exc, insert, select, update
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


def error_name(action) -> str | None:
    """The class name of the exception ``action()`` raises, or None."""
    try:
        action()
    except (exc.SQLAlchemyError, StaleDataError) as error:
        return type(error).__name__
    return None


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
        with lab.capture() as reading:
            in_memory = lab.fact("ada.name right after the bulk UPDATE", ada.name)
        read_selects = lab.fact("SELECTs sent reading ada.name", reading.count("SELECT"))
        session.commit()
    lab.fact("names stored after commit", stored_names(lab))

    # A dict whose primary key matches no row.
    with Session(lab.engine) as session:
        missing_row = lab.fact(
            "bulk UPDATE with ids 3 and 99 raises",
            error_name(lambda: session.execute(update(User), [{"id": 3, "name": "cy2"}, {"id": 99, "name": "zed"}])),
        )
        session.rollback()

    # A dict without the primary key.
    with Session(lab.engine) as session:
        with lab.capture() as no_pk_sql:
            no_pk = lab.fact(
                "bulk UPDATE with a dict lacking `id` raises", error_name(lambda: session.execute(update(User), [{"name": "everyone"}]))
            )
        no_pk_updates = lab.fact("UPDATE statements sent for the dict lacking `id`", no_pk_sql.count("UPDATE"))
        session.rollback()

    # The same missing row, addressed by an UPDATE with a WHERE clause.
    with Session(lab.engine) as session:
        rowcounts = []
        where_error = lab.fact(
            "update(User).where(User.id == 99).values(...) raises",
            error_name(lambda: rowcounts.append(session.execute(update(User).where(User.id == 99).values(name="zed")).rowcount)),
        )
        lab.fact("update(User).where(User.id == 99).values(...): rowcount", rowcounts)
        session.rollback()

    return {
        "A": len(updates) == 1 and updates[0].executemany,
        "B": len(updates) == 2,
        "C": in_memory == "ada2" and read_selects == 0,
        "D": no_pk is None and no_pk_updates > 0,
        "E": missing_row == "StaleDataError",
        "F": where_error == "StaleDataError",
    }


if __name__ == "__main__":
    run_alone(__file__)

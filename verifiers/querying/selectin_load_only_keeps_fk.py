"""selectinload().load_only() still selects the foreign key to group rows, but does not populate it on the objects."""

from sqlalchemy import ForeignKey, String, Text, exc, insert, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, joinedload, mapped_column, relationship, selectinload

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    name: Mapped[str] = mapped_column(String(20))
    addresses: Mapped[list["Address"]] = relationship(order_by="Address.id")


class Address(Base):
    __tablename__ = "addresses"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    email: Mapped[str] = mapped_column(String(50))
    note: Mapped[str] = mapped_column(Text)


def selected_address_columns(statement) -> list[str]:
    """Which addresses columns the statement's SELECT list names (the part before FROM; the WHERE or ON
    clause names user_id anyway)."""
    select_list = statement.sql.split("FROM")[0]
    return [c for c in ("user_id", "id", "email", "note")
            if any(f"{table}.{c}" in select_list for table in ("addresses", "addresses_1"))]


def first_column(statement) -> str:
    """The first entry of the statement's SELECT list, without its label."""
    select_list = statement.sql.split("FROM")[0].strip()
    return select_list.removeprefix("SELECT").split(",")[0].split(" AS ")[0].strip()


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        Base.metadata.create_all(lab.engine)
        with lab.engine.begin() as conn:
            conn.execute(insert(User), [{"id": i, "name": f"u{i}"} for i in (1, 2, 3)])
            conn.execute(insert(Address), [{"id": 10 * i + j, "user_id": i, "email": f"u{i}_{j}@example.com",
                                            "note": "long text"} for i in (1, 2, 3) for j in (0, 1)])

    with Session(lab.engine) as session:
        with lab.capture() as loading:
            loaded = lab.attempt("loading with selectinload(...).load_only(Address.email)", lambda: session.scalars(
                select(User).options(selectinload(User.addresses).load_only(Address.email)).order_by(User.id)
            ).all())
        selects = loading.of_kind("SELECT")
        lab.fact("SELECTs sent while loading", len(selects))
        named = lab.fact("addresses columns the second SELECT selects",
                         selected_address_columns(selects[-1]) if loaded.ok else None)
        lab.fact("the second SELECT has an IN list", loaded.ok and selects[-1].has_in_list)
        lab.fact("first column of the second SELECT", first_column(selects[-1]) if loaded.ok else None)
        if loaded.ok:
            a = loaded.value[0].addresses[0]
            lab.fact("user_id is unloaded on every Address",
                     all("user_id" in lab.state(x).unloaded for u in loaded.value for x in u.addresses))
            with lab.capture() as reading_fk:
                fk = a.user_id
            fk_selects = lab.fact("SELECTs sent reading a.user_id", reading_fk.count("SELECT"))
            lab.fact("a.user_id", fk)
        else:
            fk_selects = None

    with Session(lab.engine) as session:
        with lab.capture() as joined:
            session.scalars(
                select(User).options(joinedload(User.addresses).load_only(Address.email)).order_by(User.id)
            ).unique().all()
        lab.fact("statements the joinedload form sends", joined.kinds())
        lab.fact("addresses columns the joinedload SELECT selects", selected_address_columns(joined.of_kind("SELECT")[0]))

    return {
        "A": named == ["email"],
        "B": named == ["id", "email"],
        "C": named == ["user_id", "id", "email", "note"],
        "D": named == ["user_id", "id", "email"] and fk_selects == 0,
        "E": named == ["user_id", "id", "email"] and fk_selects == 1,
        "F": loaded.raised(exc.ArgumentError),
    }


if __name__ == "__main__":
    run_alone(__file__)

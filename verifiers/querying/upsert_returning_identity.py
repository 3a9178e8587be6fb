"""An ORM upsert with RETURNING hands back identity-mapped objects without refreshing them, unless populate_existing."""

from sqlalchemy import String, exc, insert, select
from sqlalchemy.dialects import mysql, postgresql, sqlite
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    name: Mapped[str] = mapped_column(String(20))


def upsert(backend: str, rows: list[dict]):
    """Each dialect's INSERT-or-update, setting name from the proposed row."""
    if backend == "mariadb":
        stmt = mysql.insert(User).values(rows)
        return stmt.on_duplicate_key_update(name=stmt.inserted.name)
    dialect_insert = postgresql.insert if backend == "postgresql" else sqlite.insert
    stmt = dialect_insert(User).values(rows)
    return stmt.on_conflict_do_update(index_elements=[User.id], set_={"name": stmt.excluded.name})


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        Base.metadata.create_all(lab.engine)
        with lab.engine.begin() as conn:
            conn.execute(insert(User), [{"id": 1, "name": "u1"}, {"id": 2, "name": "u2"}])

    with Session(lab.engine) as session:
        u1 = session.get(User, 1)
        with lab.capture() as first:
            got = lab.attempt("(1) the upsert with RETURNING", lambda: session.scalars(
                upsert(lab.backend, [{"id": 1, "name": "up1"}, {"id": 3, "name": "n3"}]).returning(User)).all())
            name_after_1 = u1.name
        result = got.value or []
        lab.fact("statements (1) sent, reading u1.name included", first.queries.kinds())
        lab.fact("(1): ids of the returned objects", [r.id for r in result])
        lab.fact("(1): result[0] is u1", bool(result) and result[0] is u1)
        lab.fact("(1): name_after_1", name_after_1)
        stored = lab.fact("(1): name the row holds (a column SELECT in the same transaction)",
                          session.scalar(select(User.name).where(User.id == 1)))
        lab.fact("(1): result[1] id and state",
                 [result[1].id, lab.state(result[1]).status] if len(result) > 1 else None)

        with lab.capture() as second:
            got2 = lab.attempt("(2) the upsert with populate_existing", lambda: session.scalars(
                upsert(lab.backend, [{"id": 1, "name": "up1b"}]).returning(User),
                execution_options={"populate_existing": True}).all())
            name_after_2 = u1.name
        lab.fact("(2): name_after_2", name_after_2)
        second_object_for_1 = any(r is not u1 and r.id == 1 for r in result)
        first_is_u1 = bool(result) and result[0] is u1
        session.commit()

    return {
        "A": got.ok and second_object_for_1,
        "B": got.ok and first_is_u1 and name_after_1 == "u1" and stored == "up1" and name_after_2 == "up1b",
        "C": got.ok and first_is_u1 and name_after_1 == "up1",
        "D": got.raised(exc.InvalidRequestError),
        "E": got2.ok and name_after_2 == "u1",
    }


if __name__ == "__main__":
    run_alone(__file__)

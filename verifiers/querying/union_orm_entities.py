"""A union of entity selects yields plain column rows; from_statement() or aliased(subquery) bring the entities back."""

from sqlalchemy import String, insert, literal, select, union
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, aliased, mapped_column

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))


def describe(items: list) -> list[str]:
    """Each item as its type name and value, sorted so that row order does not matter."""
    return sorted(f"User({item.id})" if isinstance(item, User) else f"{type(item).__name__}({item!r})" for item in items)


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)
    with lab.engine.begin() as conn:
        conn.execute(insert(User), [{"id": n, "name": f"u{n}"} for n in (1, 2, 3)])

    u = union(select(User).where(User.id == 1), select(User).where(User.id == 2))

    with Session(lab.engine) as session:
        with lab.capture():
            plain_run = lab.attempt("session.scalars(u).all()", lambda: describe(session.scalars(u).all()))
            lab.fact("exception from session.scalars(u).all()", plain_run.error_class)
            rows = session.execute(u)
            lab.fact("session.execute(u): column names, rows", [list(rows.keys()), sorted(tuple(r) for r in rows)])
            from_statement = lab.fact(
                "session.scalars(select(User).from_statement(u)).all()",
                describe(session.scalars(select(User).from_statement(u)).all()),
            )
        with lab.capture() as alias_sql:
            via_alias = lab.fact(
                "session.scalars(select(aliased(User, u.subquery()))).all()",
                describe(session.scalars(select(aliased(User, u.subquery()))).all()),
            )
        lab.fact("select(aliased(User, u.subquery())): the union is a subquery of its SELECT",
                 [s.has_subquery and s.mentions("UNION") for s in alias_sql.of_kind("SELECT")])

        # The aliased entity goes on like any entity: filtered, ordered.
        union_user = aliased(User, u.subquery())
        with lab.capture():
            lab.fact("the aliased union entity: filtered to id 2, ordered by id descending, joined to users on id", [
                [user.id for user in session.scalars(select(union_user).where(union_user.id == 2))],
                [user.id for user in session.scalars(select(union_user).order_by(union_user.id.desc()))],
                sorted(tuple(r) for r in session.execute(
                    select(union_user.id, User.name).join(User, User.id == union_user.id))),
            ])

    # from_statement() matches columns by name: a union of literals labelled name, id (in that order).
    swapped = union(select(literal("five").label("name"), literal(5).label("id")),
                    select(literal("six").label("name"), literal(6).label("id")))
    with Session(lab.engine) as session, lab.capture():
        lab.fact("from_statement() over a union labelled (name, id): each User's (id, name)",
                 sorted((user.id, user.name) for user in session.scalars(select(User).from_statement(swapped))))

    plain = plain_run.value if plain_run.ok else []
    return {
        "A": plain == ["User(1)", "User(2)"],
        "B": plain == ["int(1)", "int(2)"],
        "C": not plain_run.ok,
        "D": from_statement == ["User(1)", "User(2)"],
        "E": via_alias == ["User(1)", "User(2)"],
    }


if __name__ == "__main__":
    run_alone(__file__)

"""A union of entity selects yields plain column rows; from_statement() or aliased(subquery) bring the entities back."""

from sqlalchemy import String, insert, select, union
from sqlalchemy.exc import SQLAlchemyError
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
        try:
            plain = lab.fact("session.scalars(u).all()", describe(session.scalars(u).all()))
        except SQLAlchemyError as exc:
            plain = lab.fact("session.scalars(u).all()", [f"raised {type(exc).__name__}"])
        from_statement = lab.fact(
            "session.scalars(select(User).from_statement(u)).all()",
            describe(session.scalars(select(User).from_statement(u)).all()),
        )
        via_alias = lab.fact(
            "session.scalars(select(aliased(User, u.subquery()))).all()",
            describe(session.scalars(select(aliased(User, u.subquery()))).all()),
        )

    return {
        "A": plain == ["User(1)", "User(2)"],
        "B": plain == ["int(1)", "int(2)"],
        "C": any(item.startswith("raised") for item in plain),
        "D": from_statement == ["User(1)", "User(2)"],
        "E": via_alias == ["User(1)", "User(2)"],
    }


if __name__ == "__main__":
    run_alone(__file__)

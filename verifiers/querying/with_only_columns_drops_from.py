"""with_only_columns() rebuilds FROM from the new columns: count() alone leaves no FROM unless maintain_column_froms=True."""

from sqlalchemy import ForeignKey, String, func, insert, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    addresses: Mapped[list["Address"]] = relationship()


class Address(Base):
    __tablename__ = "addresses"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    email: Mapped[str] = mapped_column(String(100))


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)
    with lab.engine.begin() as conn:
        conn.execute(insert(User), [{"id": n, "name": f"u{n}"} for n in (1, 2, 3)])
        conn.execute(insert(Address), [{"user_id": n, "email": f"u{n}_{k}@x.com"} for n in (1, 2, 3) for k in (0, 1)])

    replaced = select(User).with_only_columns(func.count())
    kept = select(User).with_only_columns(func.count(), maintain_column_froms=True)
    joined = select(User).join(User.addresses)
    wrapped = select(func.count()).select_from(joined.subquery())
    lab.fact("maintain_column_froms form compiles like select(func.count()).select_from(users)",
             str(kept) == str(select(func.count()).select_from(User.__table__)))

    with Session(lab.engine) as session:
        with lab.capture() as replaced_sql:
            replaced_count = lab.fact("count from with_only_columns(func.count())", session.scalar(replaced))
        with lab.capture() as kept_sql:
            kept_count = lab.fact("count with maintain_column_froms=True", session.scalar(kept))
        with lab.capture() as wrapped_sql:
            wrapped_count = lab.fact("count over joined.subquery()", session.scalar(wrapped))
            lab.fact("count over joined.subquery(), rows the joined query returns",
                     [wrapped_count, len(session.execute(joined).all())])

    replaced_select = replaced_sql.of_kind("SELECT")[0]
    kept_select = kept_sql.of_kind("SELECT")[0]
    wrapped_select = wrapped_sql.of_kind("SELECT")[0]
    replaced_from = lab.fact("plain form's SELECT has a FROM", replaced_select.mentions("FROM"))
    lab.fact("plain form's SELECT names users", replaced_select.mentions("users"))
    kept_mentions_users = lab.fact(
        "maintain_column_froms form selects FROM users", kept_select.mentions("FROM") and kept_select.mentions("users")
    )
    lab.fact("the wrapped SELECT: has a subquery, has a JOIN", [wrapped_select.has_subquery, wrapped_select.has_join])

    return {
        "A": wrapped_count == 3,
        "B": replaced_from and replaced_select.mentions("users") and replaced_count == 3,
        "C": kept_mentions_users and kept_count == 3,
        "D": len(replaced_sql.of_kind("SELECT")) == 1 and not replaced_from and replaced_count == 1,
        "E": wrapped_count == 6,
    }


if __name__ == "__main__":
    run_alone(__file__)

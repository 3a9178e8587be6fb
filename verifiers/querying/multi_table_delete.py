"""An ORM delete() whose WHERE names a second table: DELETE ... USING where the dialect can, refused elsewhere."""

from sqlalchemy import ForeignKey, String, delete, func, insert, select
from sqlalchemy.exc import CompileError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(20))


class Address(Base):
    __tablename__ = "addresses"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        Base.metadata.create_all(lab.engine)
        with lab.engine.begin() as conn:
            conn.execute(insert(User), [{"id": 1, "name": "u1"}, {"id": 2, "name": "u2"}])
            conn.execute(insert(Address), [{"id": 1, "user_id": 1}, {"id": 2, "user_id": 1}, {"id": 3, "user_id": 2}])

    stmt = delete(Address).where(Address.user_id == User.id).where(User.name == "u1")
    with Session(lab.engine) as session, lab.capture() as plain_sent:
        plain = lab.attempt("the delete()", lambda: session.execute(stmt))
        session.rollback()
    with Session(lab.engine) as session:  # the portable form, rolled back
        in_subquery = delete(Address).where(Address.user_id.in_(select(User.id).where(User.name == "u1")))
        lab.fact("the IN-subquery form's rowcount", session.execute(in_subquery).rowcount)
        session.rollback()
    with Session(lab.engine) as session, lab.capture() as using_sent:
        using = lab.attempt("the delete() with is_delete_using=True",
                            lambda: session.execute(stmt, execution_options={"is_delete_using": True}))
        session.commit() if using.ok else session.rollback()
    with lab.other_connection() as other:
        left = lab.fact("address ids left", other.scalars(select(Address.id).order_by(Address.id)).all())
    plain_using = any(s.mentions("USING") for s in plain_sent.of_kind("DELETE"))
    lab.fact("the plain delete() sent DELETE ... USING", plain_using)
    plain_deletes = lab.fact("the plain delete()'s DELETE", [" ".join(s.sql.split()) for s in plain_sent.of_kind("DELETE")])
    using_kinds = lab.fact("statements with is_delete_using=True", using_sent.kinds())
    using_deletes = lab.fact("the DELETE sent with is_delete_using=True",
                             [" ".join(s.sql.split()) for s in using_sent.of_kind("DELETE")])
    pg_form = (len(plain_deletes) == 1 and plain_deletes[0].startswith("DELETE FROM addresses USING users")
               and plain_deletes[0].endswith("RETURNING addresses.id"))
    mariadb_form = (using_kinds == ["BEGIN", "SELECT", "DELETE", "COMMIT"] and len(using_deletes) == 1
                    and using_deletes[0].startswith("DELETE FROM addresses USING addresses, users")
                    and "RETURNING" not in using_deletes[0])

    expected = {
        "postgresql": plain.ok and pg_form and using.ok and left == [3],
        "mariadb": plain.raised(CompileError, match="is_delete_using") and using.ok and mariadb_form and left == [3],
        "sqlite": plain.raised(CompileError, match="is_delete_using")
        and using.raised(NotImplementedError, match="multiple-table criteria within DELETE") and left == [1, 2, 3],
    }[lab.backend]
    return {
        "A": plain.ok and not plain_using and all("IN (SELECT" in d for d in plain_deletes),
        "B": expected,
        "C": {"sqlite": plain.ok and using.ok,
              "mariadb": plain.ok and any(s.mentions("RETURNING") for s in using_sent.of_kind("DELETE")),
              "postgresql": plain.raised(CompileError, match="is_delete_using")}[lab.backend],
        "D": left == [],
    }


if __name__ == "__main__":
    run_alone(__file__)

"""CREATE TABLE inside begin_nested(): undone by the savepoint rollback on PostgreSQL and SQLite; on MariaDB it commits and ends the savepoint."""

from sqlalchemy import inspect, select, text
from sqlalchemy.exc import InvalidRequestError, OperationalError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Item(Base):
    __tablename__ = "item"
    id: Mapped[int] = mapped_column(primary_key=True)


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        Base.metadata.create_all(lab.engine)

    reached = []
    after_nested = []   # in the session after (1): item ids, whether scratch exists

    def the_code() -> None:
        with Session(lab.engine) as session:
            session.add(Item(id=1))
            session.flush()
            nested = session.begin_nested()
            session.add(Item(id=2))
            session.flush()
            lab.fact("on SQLite, the driver had a transaction open before the CREATE TABLE",
                     session.connection().connection.dbapi_connection.in_transaction if lab.backend == "sqlite" else True)
            session.execute(text("CREATE TABLE scratch (id INTEGER)"))
            reached.append("CREATE TABLE")
            nested.rollback()                                       # (1)
            reached.append("(1)")
            after_nested.append(session.scalars(select(Item.id).order_by(Item.id)).all())
            after_nested.append(inspect(session.connection()).has_table("scratch"))
            session.rollback()                                      # (2)

    with lab.capture() as sql:
        block = lab.attempt("the with block", the_code)
    lab.fact("(1) sent ROLLBACK TO SAVEPOINT", sql.count("ROLLBACK TO SAVEPOINT") == 1)
    lab.fact("lines that completed", reached)
    lab.fact("after (1), in the session: item ids, scratch exists", after_nested)

    scratch_exists = lab.fact("scratch exists afterwards", inspect(lab.engine).has_table("scratch"))
    with lab.other_connection() as other:
        rows = lab.fact("item ids afterwards", other.scalars(select(Item.id).order_by(Item.id)).all())
    ddl_ran = "CREATE TABLE" in reached
    nested_ok = "(1)" in reached
    nested_raised = ddl_ran and not nested_ok and block.raised(OperationalError)
    lab.fact("on MariaDB, (1)'s error is 1305, SAVEPOINT does not exist",
             "1305" in block.message and "does not exist" in block.message if lab.backend == "mariadb" else True)

    undone = nested_ok and after_nested == [[1], False] and rows == [] and not scratch_exists
    kept = (nested_raised and block.raised(OperationalError, match="does not exist")
            and rows == [1, 2] and scratch_exists)
    # Each option speaks of every backend; a run decides the part about the backend it runs on.
    if lab.backend == "mariadb":
        described = {
            "C": not ddl_ran and block.raised(OperationalError),
            "D": nested_ok and rows == [1] and scratch_exists,
            "F": kept,
        }
    else:
        described = {
            "C": ddl_ran and scratch_exists,
            "D": nested_raised,
            "F": undone,
        }

    return {
        "A": not ddl_ran and block.raised(InvalidRequestError),
        "B": nested_ok and rows == [] and scratch_exists,
        "C": described["C"],
        "D": described["D"],
        "E": rows == [1],
        "F": described["F"],
    }


if __name__ == "__main__":
    run_alone(__file__)

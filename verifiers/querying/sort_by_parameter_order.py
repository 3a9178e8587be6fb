"""insert().returning(..., sort_by_parameter_order=True): how each backend keeps RETURNING rows in input order."""

from sqlalchemy import String, exc, insert
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from verifiers import Lab, StatementList, run_alone


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(20))
    score: Mapped[int]


def how_sent(sent: StatementList) -> str:
    """Which of the three shapes the rows travelled in."""
    inserts, selects = sent.of_kind("INSERT"), sent.of_kind("SELECT")
    if selects:
        return "INSERT then a SELECT to read the rows back"
    if len(inserts) == 5 and all(len(s.parameters) == 2 for s in inserts):
        return "one single-row INSERT per row"
    if len(inserts) == 1 and inserts[0].mentions("sen_counter") and inserts[0].mentions("ORDER"):
        return "one INSERT ... SELECT from a numbered VALUES list, ORDER BY sen_counter"
    if (len(inserts) == 1 and len(inserts[0].parameters) == 10 and inserts[0].mentions("RETURNING")
            and not inserts[0].mentions("SELECT")):
        return "one multi-row INSERT ... VALUES ... RETURNING"
    return "something else"


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        Base.metadata.create_all(lab.engine)

    names = ["eve", "bob", "dan", "amy", "cal"]
    rows = [{"name": name, "score": n} for n, name in enumerate(names)]
    with Session(lab.engine) as session:
        with lab.capture() as sent:
            result = lab.attempt("the INSERT ... RETURNING", lambda: session.scalars(
                insert(User).returning(User, sort_by_parameter_order=True), rows).all())
        returned = lab.fact("names of the returned objects", [u.name for u in result.value] if result.ok else None)
        lab.fact("ids of the returned objects, in input order", [u.id for u in result.value] if result.ok else None)
        session.commit()
    in_order = returned == names
    shape = lab.fact("how the rows were sent", how_sent(sent))
    lab.fact("INSERT statements sent", sent.count("INSERT"))

    # Without the flag, every backend sends one multi-row INSERT.
    with Session(lab.engine) as session:
        with lab.capture() as unsorted:
            session.scalars(insert(User).returning(User), rows).all()
        session.rollback()
    lab.fact("without the flag: INSERT statements sent", unsorted.count("INSERT"))

    per_row = "one single-row INSERT per row"
    sentinel = "one INSERT ... SELECT from a numbered VALUES list, ORDER BY sen_counter"
    multi_values = "one multi-row INSERT ... VALUES ... RETURNING"
    return {
        "A": in_order and shape == {"sqlite": sentinel, "postgresql": multi_values, "mariadb": per_row}[lab.backend],
        "B": shape == "INSERT then a SELECT to read the rows back",
        "C": in_order and shape == {"sqlite": multi_values, "postgresql": per_row, "mariadb": sentinel}[lab.backend],
        "D": result.raised(exc.InvalidRequestError),
        "E": in_order and shape == {"sqlite": per_row, "postgresql": sentinel, "mariadb": multi_values}[lab.backend],
    }


if __name__ == "__main__":
    run_alone(__file__)

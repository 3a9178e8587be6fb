"""A CTE that refers to itself needs recursive=True: SQLite forgives its absence, PostgreSQL and MariaDB do not."""

from sqlalchemy import ForeignKey, insert, select
from sqlalchemy.exc import ProgrammingError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Node(Base):
    __tablename__ = "node"
    id: Mapped[int] = mapped_column(primary_key=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("node.id"))


def subtree(recursive: bool):
    """Node 1 and everything below it."""
    tree = select(Node.id).where(Node.id == 1).cte("tree", recursive=recursive)
    tree = tree.union_all(select(Node.id).join(tree, Node.parent_id == tree.c.id))
    return select(tree.c.id).order_by(tree.c.id)


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        Base.metadata.create_all(lab.engine)
        with lab.engine.begin() as conn:
            conn.execute(insert(Node), [{"id": 1, "parent_id": None}, {"id": 2, "parent_id": 1},
                                        {"id": 3, "parent_id": 2}, {"id": 4, "parent_id": None}])

    with Session(lab.engine) as session, lab.capture() as sent:
        declared = lab.attempt("cte(..., recursive=True)", lambda: session.scalars(subtree(True)).all())
        session.rollback()
        forgotten = lab.attempt("cte(...) without recursive", lambda: session.scalars(subtree(False)).all())
        session.rollback()
    with_keyword, without_keyword = sent.of_kind("SELECT")[:2]
    lab.fact("WITH RECURSIVE in each statement", [" ".join(s.sql.split()).upper().startswith("WITH RECURSIVE")
                                                  for s in (with_keyword, without_keyword)])
    sqlite = lab.backend == "sqlite"

    # Each option states every backend's part; a run decides the part for its own backend.
    return {
        "A": forgotten.ok and forgotten.value == [1],
        "B": not forgotten.ok if sqlite else forgotten.ok,
        "C": not declared.ok,
        "D": declared.ok and declared.value == [1, 2, 3]
        and (forgotten.ok and forgotten.value == [1, 2, 3] if sqlite
             else forgotten.raised(ProgrammingError, match=r"(?i)\btree\b.*(does not|doesn't) exist")),
    }


if __name__ == "__main__":
    run_alone(__file__)

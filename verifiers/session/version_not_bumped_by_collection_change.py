"""A version counter guards only its own row: appending to the parent's collection neither bumps nor checks it."""

from collections.abc import Callable

from sqlalchemy import ForeignKey, String, delete, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship
from sqlalchemy.orm.exc import StaleDataError

from verifiers import Attempt, Capture, Lab, run_alone


class Base(DeclarativeBase):
    pass


class Parent(Base):
    __tablename__ = "parent"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    name: Mapped[str] = mapped_column(String(50))
    version_id: Mapped[int] = mapped_column()
    children: Mapped[list["Child"]] = relationship(back_populates="parent")
    __mapper_args__ = {"version_id_col": version_id}


class Child(Base):
    __tablename__ = "child"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    parent_id: Mapped[int] = mapped_column(ForeignKey("parent.id"))
    parent: Mapped[Parent] = relationship(back_populates="children")


def append_child(parent: Parent) -> None:
    parent.children.append(Child(name="second"))


def rename(parent: Parent) -> None:
    parent.name = "renamed"


def change_after_concurrent_bump(lab: Lab, label: str, change: Callable[[Parent], None]) -> tuple[Attempt, Capture]:
    """Load parent 1, let another session rename it (version 1 -> 2), apply ``change`` and commit.

    Returns the outcome of the commit and the statements it sent.
    """
    with Session(lab.engine) as setup:
        setup.execute(delete(Child))
        setup.execute(delete(Parent))
        setup.add(Parent(id=1, name="first", children=[Child(name="first")]))
        setup.commit()

    with Session(lab.engine) as session:
        parent = session.get(Parent, 1)
        lab.fact(f"{label}: version_id this session loaded", parent.version_id)
        with Session(lab.engine) as concurrent:
            concurrent.get(Parent, 1).name = "changed elsewhere"
            concurrent.commit()
        change(parent)
        with lab.capture() as committing:
            committed = lab.attempt(f"{label}: commit()", session.commit)
    lab.fact(f"{label}: statements the commit sent", committing.queries.kinds())
    return committed, committing


def stored_version(lab: Lab) -> int:
    with lab.other_connection() as other:
        return other.scalar(select(Parent.version_id).where(Parent.id == 1))


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)

    appending, append_sql = change_after_concurrent_bump(lab, "append to parent.children", append_child)
    dml = append_sql.of_kind("INSERT", "UPDATE", "DELETE")
    dml_tables = lab.fact("tables the append's DML names", [[t for t in ("parent", "child") if s.mentions(t)] for s in dml])
    version_after = lab.fact("parent.version_id stored after the append", stored_version(lab))

    lab.fact("statements of the append's commit that name version_id", len(append_sql.mentioning("version_id")))

    renaming, rename_sql = change_after_concurrent_bump(lab, "set parent.name", rename)
    lab.fact(
        "set parent.name: values bound to the UPDATE of parent (name, new version, id, expected version)",
        [s.values for s in rename_sql.of_kind("UPDATE")],
    )
    lab.fact(
        "set parent.name: the UPDATE matched 0 of 1 rows",
        renaming.raised(StaleDataError, match=r"UPDATE .* expected to update 1 row\(s\); 0 were matched"),
    )

    return {
        "A": appending.raised(StaleDataError),
        "B": appending.ok and dml.kinds() == ["INSERT"] and dml_tables == [["child"]],
        "C": append_sql.count("SELECT") > 0,
        "D": version_after == 3,
        "E": renaming.raised(StaleDataError),
    }


if __name__ == "__main__":
    run_alone(__file__)

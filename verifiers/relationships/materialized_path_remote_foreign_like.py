"""A relationship joined with LIKE on a materialized path: remote() and foreign() on the same column."""

from sqlalchemy import String, insert
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, foreign, mapped_column, relationship, remote

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Node(Base):
    __tablename__ = "node"
    id: Mapped[int] = mapped_column(primary_key=True)
    path: Mapped[str] = mapped_column(String(50))
    descendants = relationship(
        "Node",
        primaryjoin=remote(foreign(path)).like(path.concat("/%")),
        viewonly=True,
        order_by=path,
    )


class WritableBase(DeclarativeBase):  # a registry of its own: the same relationship without viewonly, refused
    pass


class WritableNode(WritableBase):
    __tablename__ = "node"
    id: Mapped[int] = mapped_column(primary_key=True)
    path: Mapped[str] = mapped_column(String(50))
    descendants = relationship("WritableNode", primaryjoin=remote(foreign(path)).like(path.concat("/%")), order_by=path)


def prove(lab: Lab) -> dict[str, bool]:
    writable = lab.attempt("configuring the relationship without viewonly=True", WritableBase.registry.configure)
    lab.fact("without viewonly=True the mapping is refused (ArgumentError naming viewonly)",
             writable.raised(ArgumentError, match="viewonly=True"))
    with lab.setup():
        Base.metadata.create_all(lab.engine)
        with lab.engine.begin() as conn:
            conn.execute(insert(Node), [{"id": 1, "path": "1"}, {"id": 2, "path": "1/2"},
                                        {"id": 3, "path": "1/2/3"}, {"id": 4, "path": "4"},
                                        {"id": 5, "path": "11"}])

    with Session(lab.engine) as session:
        root = session.get(Node, 1)
        with lab.capture() as loading:
            found = lab.fact("root.descendants ids", [n.id for n in root.descendants])
        selects = loading.of_kind("SELECT")
        lab.fact("SELECTs sent by the lazy load", len(selects))
        like_with_bound_path = lab.fact("the lazy load filters with LIKE on the bound path '1', then '/%'",
                                        len(selects) == 1 and selects[0].mentions("LIKE") and selects[0].values == ["1", "/%"])
        lab.fact("the path and '/%' are joined with || (SQLite, PostgreSQL) or concat() (MariaDB)",
                 len(selects) == 1 and (selects[0].mentions("concat") if lab.backend == "mariadb" else "||" in selects[0].sql))
    lab.fact("the relationship's direction", Node.descendants.property.direction.name)

    return {
        "A": found == [2],
        "B": 5 in found,
        "C": len(selects) == 1 and selects[0].has_join,
        "D": found == [2, 3] and len(selects) == 1 and like_with_bound_path and not selects[0].has_join,
    }


if __name__ == "__main__":
    run_alone(__file__)

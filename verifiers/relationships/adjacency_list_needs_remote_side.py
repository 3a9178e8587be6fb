"""A self-referential relationship is one-to-many unless remote_side says which side is the parent."""

from sqlalchemy import ForeignKey, String, inspect
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Node(Base):
    __tablename__ = "node"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(10))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("node.id"))
    parent = relationship("Node")                              # (1) no remote_side
    up = relationship("Node", remote_side=[id], viewonly=True)  # (2) remote_side=[Node.id]


def prove(lab: Lab) -> dict[str, bool]:
    with lab.capture():
        Base.metadata.create_all(lab.engine)
    plain, remote = inspect(Node).relationships["parent"], inspect(Node).relationships["up"]
    lab.fact("(1) direction, uselist", [plain.direction.name, plain.uselist])
    lab.fact("(2) direction, uselist", [remote.direction.name, remote.uselist])

    with Session(lab.engine) as session:
        root = Node(id=1, name="root")
        session.add_all([root, Node(id=2, name="leaf", parent_id=1)])
        session.commit()
        leaf, root = session.get(Node, 2), session.get(Node, 1)
        leaf_plain = lab.fact("leaf.parent (1)", [n.name for n in leaf.parent])
        root_plain = lab.fact("root.parent (1)", [n.name for n in root.parent])
        leaf_up = lab.fact("leaf.up (2)", leaf.up.name if leaf.up else None)

    return {
        "A": plain.direction.name == "MANYTOONE",
        "B": plain.direction.name == "ONETOMANY" and plain.uselist and leaf_plain == [] and root_plain == ["leaf"],
        "C": remote.direction.name == "MANYTOONE" and remote.uselist is False and leaf_up == "root",
        "D": remote.direction.name == "ONETOMANY",
    }


if __name__ == "__main__":
    run_alone(__file__)

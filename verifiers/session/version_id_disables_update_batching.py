"""A version counter makes the flush send one UPDATE per row; without it, the same UPDATEs go in one executemany."""

from sqlalchemy import String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from verifiers import Capture, Lab, run_alone


class Base(DeclarativeBase):
    pass


class Plain(Base):
    __tablename__ = "plain"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    status: Mapped[str] = mapped_column(String(20))


class Versioned(Base):
    __tablename__ = "versioned"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    status: Mapped[str] = mapped_column(String(20))
    version_id: Mapped[int] = mapped_column(nullable=False)
    __mapper_args__ = {"version_id_col": version_id}


def flush_status_change(lab: Lab, cls: type[Plain] | type[Versioned]) -> Capture:
    """Load three rows of ``cls``, set the same status on each, and capture the flush."""
    with Session(lab.engine) as session:
        session.add_all([cls(id=i, status="new") for i in (1, 2, 3)])
        session.commit()
        rows = session.scalars(select(cls).order_by(cls.id)).all()
        for row in rows:
            row.status = "archived"
        with lab.capture() as flushing:
            session.flush()
        session.commit()
    return flushing


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)

    plain = flush_status_change(lab, Plain)
    versioned = flush_status_change(lab, Versioned)

    plain_updates = plain.of_kind("UPDATE")
    versioned_updates = versioned.of_kind("UPDATE")
    lab.fact("Plain: statements the flush sent", plain.kinds())
    lab.fact("Plain: executemany flag of each UPDATE", [stmt.executemany for stmt in plain_updates])
    lab.fact("Versioned: statements the flush sent", versioned.kinds())
    lab.fact("Versioned: executemany flag of each UPDATE", [stmt.executemany for stmt in versioned_updates])
    lab.fact("dialect.supports_sane_multi_rowcount", lab.engine.dialect.supports_sane_multi_rowcount)
    version_in_where = lab.fact(
        "Versioned: each UPDATE's WHERE names version_id",
        ["version_id" in stmt.sql.partition("WHERE")[2] for stmt in versioned_updates],  # "" when there is no WHERE
    )
    lab.fact("Versioned: values bound to each UPDATE (status, new version, id, expected version)",
             [stmt.values for stmt in versioned_updates])

    return {
        "A": len(plain_updates) == 1 and plain_updates[0].executemany,
        "B": len(versioned_updates) == 3 and not any(stmt.executemany for stmt in versioned_updates),
        "C": len(versioned_updates) == 1 and versioned_updates[0].executemany,
        "D": versioned.count("SELECT") > 0,
        "E": len(version_in_where) == 3 and all(version_in_where),
    }


if __name__ == "__main__":
    run_alone(__file__)

"""An orphan foreign key fails at flush on PostgreSQL and MariaDB, but a plain SQLite engine commits it."""

import tempfile
from pathlib import Path

from sqlalchemy import ForeignKey, create_engine, exc, func, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Parent(Base):
    __tablename__ = "parent"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)


class Child(Base):
    __tablename__ = "child"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    parent_id: Mapped[int] = mapped_column(ForeignKey("parent.id"))
    parent: Mapped[Parent] = relationship()


def prove(lab: Lab) -> dict[str, bool]:
    with tempfile.TemporaryDirectory() as folder:
        # The stem's engines: the lab's own on PostgreSQL and MariaDB; on SQLite, create_engine() with nothing
        # added (the lab's SQLite engine turns foreign keys on, which is not SQLite's default).
        plain_sqlite = create_engine(f"sqlite:///{Path(folder) / 'app.db'}")
        lab.transcript.attach(plain_sqlite, "plain")  # its statements join the transcript like the lab's own
        engine = plain_sqlite if lab.backend == "sqlite" else lab.engine
        try:
            with lab.setup():
                Base.metadata.create_all(engine)
                with plain_sqlite.connect() as conn:  # asked on every backend: SQLite's default, not the server's
                    lab.fact("on SQLite, a plain engine's connection reports PRAGMA foreign_keys = 0",
                             conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 0)

            with Session(engine) as session:
                child = Child(id=1, parent_id=42)  # the parent table is empty
                session.add(child)
                with lab.capture() as flushed:
                    flush = lab.attempt("session.flush() (1)", session.flush)
                lab.fact("statements flush (1) sent", flushed.kinds())
                if flush.ok:
                    with lab.capture():
                        commit = lab.attempt("session.commit() (2)", session.commit)
                        parent = lab.attempt("child.parent (3)", lambda: child.parent)
                else:
                    commit = parent = None
                    session.rollback()
            with engine.connect() as conn:
                children = lab.fact("child rows a new connection counts", conn.scalar(select(func.count()).select_from(Child)))
        finally:
            plain_sqlite.dispose()

    flush_failed = flush.raised(exc.IntegrityError)
    committed = commit is not None and commit.ok
    parent_is_none = parent is not None and parent.ok and parent.value is None
    on_sqlite = lab.backend == "sqlite"
    # Each option speaks of every backend; a run decides the part about the backend it runs on.
    commit_failed = commit is not None and commit.raised(exc.IntegrityError)
    return {
        "A": flush_failed and flushed.count("SELECT") > 0,
        "B": flush.ok and commit_failed,
        "C": committed and parent is not None and not parent.ok,
        "D": committed and children == 1 and parent_is_none if on_sqlite
        else flush_failed and flushed.kinds()[-2:] == ["INSERT", "ROLLBACK"]
        and flushed.of_kind("INSERT")[0].mentions("child") and children == 0,
        "E": flush_failed if on_sqlite else flush.ok and commit_failed,
    }


if __name__ == "__main__":
    run_alone(__file__)

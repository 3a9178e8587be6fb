"""DELETE ... RETURNING works on all three backends, MariaDB included (unlike its UPDATE)."""

from sqlalchemy import Boolean, Column, Integer, MetaData, Table, delete, exc, insert

from verifiers import Lab, run_alone

metadata = MetaData()
task = Table("task", metadata, Column("id", Integer, primary_key=True), Column("done", Boolean))


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        metadata.create_all(lab.engine)
        with lab.engine.begin() as conn:
            conn.execute(insert(task), [{"id": 1, "done": True}, {"id": 2, "done": False}, {"id": 3, "done": True}])

    with lab.capture() as sent:
        with lab.engine.begin() as conn:
            deleted = lab.attempt("DELETE ... RETURNING task.id",
                                  lambda: sorted(conn.execute(delete(task).where(task.c.done.is_(True))
                                                              .returning(task.c.id)).scalars().all()))
    lab.fact("statements sent", sent.kinds())
    reads_and_deletes = sent.of_kind("SELECT", "DELETE")
    lab.fact("SELECT and DELETE statements, in order", [s.kind for s in reads_and_deletes])
    lab.fact("the DELETE carries RETURNING", [s.mentions("RETURNING") for s in sent.of_kind("DELETE")])
    flag = lab.fact("dialect.delete_returning", lab.engine.dialect.delete_returning)

    return {
        "A": [s.kind for s in reads_and_deletes] == ["SELECT", "DELETE"],
        "B": deleted.raised(exc.ProgrammingError) or deleted.raised(exc.CompileError),
        "C": deleted.ok and deleted.value == [1, 3] and [s.kind for s in reads_and_deletes] == ["DELETE"]
        and reads_and_deletes[0].mentions("RETURNING"),
        "D": flag is False,
    }


if __name__ == "__main__":
    run_alone(__file__)

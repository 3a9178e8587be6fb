"""A string that is not one of an Enum's values: where it is refused, on each backend."""

from sqlalchemy import Column, Enum, Integer, MetaData, Table, exc, insert, select, text

from verifiers import Lab, run_alone

metadata = MetaData()
job = Table("job", metadata, Column("id", Integer, primary_key=True),
            Column("state", Enum("queued", "done", name="job_state")))
strict = Table("strict_job", metadata, Column("id", Integer, primary_key=True),
               Column("state", Enum("queued", "done", name="strict_job_state", validate_strings=True)))


def prove(lab: Lab) -> dict[str, bool]:
    with lab.setup():
        metadata.create_all(lab.engine)

    with lab.capture():
        with lab.engine.begin() as conn:
            written = lab.attempt("insert state='zzz'", lambda: conn.execute(insert(job).values(id=1, state="zzz")))
        with lab.engine.connect() as conn:
            raw = lab.fact("state read with text()", conn.scalar(text("SELECT state FROM job")))
            typed = lab.attempt("select(job.c.state)", lambda: conn.scalar(select(job.c.state)))

    with lab.engine.begin() as conn:
        refused = lab.attempt("insert 'zzz' with validate_strings=True",
                              lambda: conn.execute(insert(strict).values(id=1, state="zzz")))
    lab.fact("validate_strings=True refuses 'zzz' with StatementError", refused.raised(exc.StatementError))

    # Each option speaks of every backend; a run decides the part about the backend it runs on.
    if lab.backend == "sqlite":
        a = written.ok and raw == "zzz" and typed.raised(LookupError)
        c = not written.ok
    else:
        a = written.raised(exc.DataError)
        c = written.ok
    return {
        "A": written.raised(exc.StatementError),
        "B": a,
        "C": c,
        "D": written.ok and typed.ok and typed.value is None,
    }


if __name__ == "__main__":
    run_alone(__file__)

"""create_engine(hide_parameters=True) hides bound parameter values in exception messages and in the
echo log, but not the SQL text, and not the result rows that echo="debug" logs."""

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Column, Integer, MetaData, String, Table, insert, select
from sqlalchemy.exc import IntegrityError

from verifiers import Lab, run_alone

metadata = MetaData()
person = Table(
    "person",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("ssn", String(11)),
)

STORED_SSN = "123-45-6789"
REJECTED_SSN = "987-65-4321"
HIDDEN = "[SQL parameters hidden due to hide_parameters=True]"
LOGGING_NAME = "hidden_params"


class ListHandler(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


@contextmanager
def engine_log() -> Iterator[ListHandler]:
    """The engine's log lines. Installed before create_engine, so echo adds no stdout handler."""
    logger = logging.getLogger(f"sqlalchemy.engine.Engine.{LOGGING_NAME}")
    handler = ListHandler()
    logger.addHandler(handler)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)


def prove(lab: Lab) -> dict[str, bool]:
    metadata.create_all(lab.engine)

    with engine_log() as log:
        engine = lab.make_engine(echo="debug", hide_parameters=True, logging_name=LOGGING_NAME)
        with engine.begin() as conn:
            conn.execute(insert(person), {"id": 1, "ssn": STORED_SSN})
        message = ""
        with engine.connect() as conn:
            rows = conn.execute(select(person.c.ssn)).all()  # (1)
            try:
                conn.execute(insert(person), {"id": 1, "ssn": REJECTED_SSN})  # (2)
            except IntegrityError as error:
                message = str(error)
            conn.rollback()
        lines = list(log.lines)

    lab.fact("(1) rows", [tuple(r) for r in rows])
    lab.fact("str(exc) of (2)", message)
    lab.fact("engine log lines", lines)
    rows_logged = [line for line in lines if line.startswith("Row ")]
    insert_logged = [line for line in lines if line.startswith("INSERT INTO person")]
    after_insert = [lines[lines.index(sql) + 1] for sql in insert_logged if lines.index(sql) + 1 < len(lines)]
    lab.fact("log lines that follow each INSERT", after_insert)

    return {
        "A": "INSERT INTO person" in message and HIDDEN in message and REJECTED_SSN not in message,
        "B": REJECTED_SSN in message,
        "C": len(after_insert) == 2 and all(HIDDEN in line for line in after_insert)
        and not any(REJECTED_SSN in line for line in lines),
        "D": any(STORED_SSN in line for line in rows_logged),
        "E": insert_logged == [],
    }


if __name__ == "__main__":
    run_alone(__file__)

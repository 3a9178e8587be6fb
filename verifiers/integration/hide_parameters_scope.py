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

    with engine_log() as log, lab.capture():
        engine = lab.make_engine(echo="debug", hide_parameters=True, logging_name=LOGGING_NAME)
        with engine.begin() as conn:
            conn.execute(insert(person), {"id": 1, "ssn": STORED_SSN})
        with engine.connect() as conn:
            rows = conn.execute(select(person.c.ssn)).all()  # (1)
            second = lab.attempt(
                "(2) the INSERT reusing id 1", lambda: conn.execute(insert(person), {"id": 1, "ssn": REJECTED_SSN})
            )
            conn.rollback()
        lines = list(log.lines)

    lab.fact("(1) rows", [tuple(r) for r in rows])
    message = lab.fact("str(exc) of (2)", second.message)
    database_text = str(getattr(second.error, "orig", ""))
    lab.fact("the DBAPI error's own text appears unchanged in str(exc)", bool(database_text) and database_text in message)
    lab.fact("the DBAPI error's own text holds an SSN", STORED_SSN in database_text or REJECTED_SSN in database_text)
    lab.fact("engine log lines", lines)
    insert_at = [index for index, line in enumerate(lines) if line.startswith("INSERT INTO person")]
    select_at = next(index for index, line in enumerate(lines) if line.startswith("SELECT person.ssn"))
    rows_logged = lab.fact("Row lines logged for (1)", [line for line in lines[select_at:insert_at[-1]] if line.startswith("Row ")])
    lab.fact("INSERT statements in the log", len(insert_at))
    after_insert = lab.fact("log lines that follow each INSERT", [lines[index + 1] for index in insert_at if index + 1 < len(lines)])
    message_lines = message.splitlines()
    sql_at = [index for index, line in enumerate(message_lines) if line.startswith("[SQL: ")]
    lab.fact(
        "what stands for the parameters: after each INSERT in the log, then in str(exc)",
        [line.split("] ", 1)[1] for line in after_insert] + [message_lines[index + 1] for index in sql_at],
    )

    return {
        "A": second.raised(IntegrityError) and "INSERT INTO person" in message and HIDDEN in message
        and REJECTED_SSN not in message,
        "B": REJECTED_SSN in message,
        "C": len(after_insert) == 2 and all(HIDDEN in line for line in after_insert)
        and not any(REJECTED_SSN in line for line in lines),
        "D": any(STORED_SSN in line for line in rows_logged),
        "E": insert_at == [],
    }


if __name__ == "__main__":
    run_alone(__file__)

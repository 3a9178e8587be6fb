"""The statement cache's note on each execution, as the engine log gives it.

With INFO logging on, an engine logs each execution with a note in brackets: ``[generated in 0.0002s]``
(compiled now and cached), ``[cached since 0.01s ago]`` (taken from the cache), ``[no key 0.0001s]``
(the statement has no cache key), ``[caching disabled ...]``. :func:`cache_notes` keeps those notes,
in order, while a block runs, and puts the logger back as it was afterwards.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager

ENGINE_LOGGER = "sqlalchemy.engine.Engine"  # the logger an engine without logging_name writes to
NOTE = re.compile(r"^\[([a-z][a-z ]*[a-z])")  # "[generated in 0.0002s] ..." -> "generated in"


class CacheNotes(logging.Handler):
    """Keeps the cache note of each logged execution, in order, in ``notes``."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.notes: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        match = NOTE.match(record.getMessage())
        if match:
            self.notes.append(match.group(1))


@contextmanager
def cache_notes() -> Iterator[CacheNotes]:
    """Engine INFO logging while the block runs; the level, handlers and propagation are restored after.

    A Connection decides whether to log when it is created: open it (or the Session's first use) inside the block.
    """
    logger = logging.getLogger(ENGINE_LOGGER)
    handler, level, propagate = CacheNotes(), logger.level, logger.propagate
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False  # keep the SQL log out of pytest's captured output
    try:
        yield handler
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
        logger.propagate = propagate

"""Prepare the next question's database while the current one runs, and drop used ones behind it.

Creating and dropping a database costs a server tens of milliseconds of mostly
waiting (MariaDB writes and syncs a folder for each). Done on one background
thread, that wait overlaps the proofs instead of adding to each. Isolation is
unchanged: every question still gets a database made for it alone, and each
is dropped after its question.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager


class Ahead:
    """One background thread that makes databases ahead of need and removes them after use.

    ``create(name)`` makes a database; ``names()`` gives the next name. Removal
    work is handed over with :meth:`later`. Errors of removals are collected and
    returned by :meth:`close`, each naming what was left behind.
    """

    def __init__(self, create: Callable[[str], None], names: Callable[[], str],
                 failed: Callable[[str, BaseException], Exception] | None = None) -> None:
        self._create = create
        self._names = names
        self._failed = failed
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="proofbank-ahead")
        self._next: tuple[str, Future[None]] | None = None
        self._removals: list[tuple[str, Future[None]]] = []
        self._busy = threading.Lock()  # held while the background thread works: see quiet()
        self._pending: list[tuple[str, Callable[[], None]]] = []  # removals not handed to the thread yet

    def _submit(self, task: Callable[[], None]) -> Future[None]:
        def guarded() -> None:
            with self._busy:
                task()

        return self._thread.submit(guarded)

    @contextmanager
    def quiet(self) -> Iterator[None]:
        """Wait until the background thread is between tasks, and keep it there for the block: a process forked
        inside the block copies no lock that thread holds mid-task (which the child could never acquire)."""
        with self._busy:
            yield

    def prepare_next(self) -> None:
        """Start the removals handed over since last time, and making the next question's database, if it is not
        already under way: call it once the current proof is running (forked off), so they overlap it."""
        self._start_removals()
        if self._next is None:
            following = self._names()
            self._next = (following, self._submit(lambda: self._create(following)))

    def take(self) -> str:
        """The name of a database made for the next question (waiting for it if need be). The next one is made
        when :meth:`prepare_next` is called: after the proof has been forked off, so the two do not overlap."""
        if self._next is None:
            name = self._names()
            ready = self._submit(lambda: self._create(name))
        else:
            name, ready = self._next
        self._next = None
        try:
            ready.result()  # a failure to create belongs to the question that needed the database
        except Exception as error:
            if self._failed is None:
                raise
            raise self._failed(f"making the database {name} for a question", error) from error
        return name

    def later(self, what: str, removal: Callable[[], None]) -> None:
        """Run ``removal`` in the background, from the next :meth:`prepare_next` (or :meth:`close`) on; ``what``
        names what it removes, for the report if it fails."""
        self._pending.append((what, removal))

    def _start_removals(self) -> None:
        self._removals = [(w, f) for w, f in self._removals if not (f.done() and f.exception() is None)]
        while self._pending:
            what, removal = self._pending.pop(0)
            self._removals.append((what, self._submit(removal)))

    def close(self, drop: Callable[[str], None]) -> list[str]:
        """Drop the database made ahead and unused, wait for every removal, and say what could not be removed."""
        if self._next is not None:
            name, ready = self._next
            self._next = None
            self.later(name, lambda: (ready.result(), drop(name)))
        self._start_removals()
        self._thread.shutdown(wait=True)
        problems = []
        for what, future in self._removals:
            error = future.exception()
            if error is not None:
                problems.append(f"{what} was left behind ({' '.join(str(error).split())[:300]})")
        self._removals.clear()
        return problems

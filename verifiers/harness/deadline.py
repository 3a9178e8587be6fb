"""Stop a proof that runs past its time limit, so the next question still runs.

On POSIX, in the main thread, an interval timer raises :class:`ProofTimeout`
inside the proof, which unwinds it through its own ``with`` and ``finally``
blocks. Elsewhere only the server-side statement and lock timeouts apply.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType


class ProofTimeout(BaseException):
    """The proof ran past its time limit.

    A BaseException, so that a proof's ``except Exception`` cannot swallow it.
    """


_expires_at: float | None = None  # monotonic time when the running proof's limit passes


def expired() -> bool:
    """Whether a proof is running past its limit: what a database driver's own check asks (SQLite's
    progress handler, which can stop a query the signal cannot reach while it runs in C)."""
    return _expires_at is not None and time.monotonic() >= _expires_at


def can_interrupt() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Raise :class:`ProofTimeout` in the block if it runs longer than ``seconds``."""
    global _expires_at
    if seconds <= 0:
        yield
        return
    _expires_at = time.monotonic() + seconds
    if not can_interrupt():
        try:
            yield
        finally:
            _expires_at = None
        return

    def expire(_signum: int, _frame: FrameType | None) -> None:
        raise ProofTimeout(seconds)

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        _expires_at = None

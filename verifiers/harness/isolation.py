"""Run a piece of work in a child process of this warm one, so nothing it does can reach the next piece.

The child is a fork: it starts with everything already imported (no start-up
cost beyond the fork), does the work, sends back a picklable result and ends
with ``os._exit``. Whatever the work changed in the process (a patched class,
a global event listener, the working folder, the environment, threads left
running, signal handlers) ends with the child. The parent waits at most
``limit`` seconds and then kills the child, so work that ignores every
interruption still cannot hang the run; a child that ends without a result
(``os._exit``, a crash) is reported, not fatal.
"""

from __future__ import annotations

import importlib
import os
import pickle
import select
import signal
import sys
import time
import warnings
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from typing import Any


def can_isolate() -> bool:
    """Whether this platform can fork a warm child (POSIX)."""
    return hasattr(os, "fork")


@dataclass(frozen=True)
class ChildResult:
    """What came back from the child: its result, or why there is none."""

    value: Any = None
    problem: str | None = None  # set when the child sent nothing usable
    killed: bool = False  # the parent killed it at the limit


def _describe(status: int) -> str:
    if os.WIFSIGNALED(status):
        number = os.WTERMSIG(status)
        try:
            name = signal.Signals(number).name
        except ValueError:
            name = f"signal {number}"
        return f"it was ended by {name}"
    if os.WIFEXITED(status):
        return f"it called os._exit({os.WEXITSTATUS(status)}) or exited with code {os.WEXITSTATUS(status)}"
    return f"wait status {status}"


def run_in_child(work: Callable[[], Any], limit: float,
                 around_fork: Callable[[], AbstractContextManager[Any]] = nullcontext,
                 after_fork: Callable[[], None] | None = None) -> ChildResult:
    """Run ``work()`` in a forked child; return its (picklable) result, or why there is none.

    The fork happens inside ``around_fork()`` (e.g. with the parent's background threads paused between
    tasks, so the child copies none of their locks mid-use); ``after_fork()`` then runs in the parent while
    the child works."""
    reader, writer = os.pipe()
    with around_fork():
        pid = os.fork()
    if pid == 0:  # the child: never returns
        code = 0
        try:
            os.close(reader)
            modules_before = set(sys.modules)
            try:
                payload = ("ok", work())
            except BaseException as error:  # noqa: BLE001 - whatever it was, the parent reports it
                payload = ("raised", error if _picklable(error) else RuntimeError(f"{type(error).__name__}: {error}"))
            imported = sorted(set(sys.modules) - modules_before)
            data = pickle.dumps((*payload, imported))
            view = memoryview(data)
            while view:
                written = os.write(writer, view)
                view = view[written:]
        except BaseException:  # noqa: BLE001 - nothing may escape a forked child
            code = 70
        finally:
            for stream in (sys.stdout, sys.stderr):
                try:
                    stream.flush()
                except Exception:  # noqa: BLE001
                    pass
            os._exit(code)
    chunks: list[bytes] = []
    killed = False
    # Everything after the fork is inside this try: a Ctrl-C or SIGTERM that lands while ``after_fork()``
    # runs must take the child too, or it outlives the run holding the output pipe open.
    try:
        os.close(writer)
        if after_fork is not None:
            after_fork()
        deadline = time.monotonic() + limit
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                os.kill(pid, signal.SIGKILL)
                killed = True
                break
            ready, _, _ = select.select([reader], [], [], remaining)
            if ready:
                chunk = os.read(reader, 1 << 16)
                if not chunk:
                    break
                chunks.append(chunk)
    except BaseException:  # Ctrl-C or SIGTERM while waiting: the child goes too
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        raise
    finally:
        os.close(reader)
    _, status = os.waitpid(pid, 0)
    if killed:
        return ChildResult(problem=f"it did not finish within {limit:g} s and its process was killed", killed=True)
    try:
        kind, value, imported = pickle.loads(b"".join(chunks))
    except Exception:  # noqa: BLE001 - nothing, or half a message
        return ChildResult(problem=f"its process ended before it had decided ({_describe(status)})")
    _warm_up(imported)
    if kind == "raised":
        raise value
    return ChildResult(value=value)


def _warm_up(names: list[str]) -> None:
    """Import here the library modules a child had to import (a dialect, a driver, an extension), so the next
    child starts with them: otherwise every child would pay for the same imports again. Warnings an import
    raises are the child's business (its proof saw them under its own filters), so they are not shown again."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for name in names:
            if name in sys.modules or name.startswith(("_proofbank_proof_", "__main__")):
                continue
            try:
                importlib.import_module(name)
            except BaseException:  # noqa: BLE001 - only a speed-up: a module that will not import here is skipped
                continue


def _picklable(value: object) -> bool:
    try:
        pickle.dumps(value)
    except Exception:  # noqa: BLE001
        return False
    return True

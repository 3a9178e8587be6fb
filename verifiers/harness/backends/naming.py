"""Names of what the harness creates on a server: all begin with a fixed prefix.

``proofbank_<epoch>_<host>_<pid>`` identifies one process's run, so a later
run can tell its own leftovers (a dead process on this host, or anything of
the prefix older than :data:`STALE_AFTER`) from the work of a run still going.
"""

from __future__ import annotations

import hashlib
import os
import re
import socket
import time
from dataclasses import dataclass

PREFIX = "proofbank_"
STALE_AFTER = 6 * 3600
_NAME = re.compile(rf"^{PREFIX}(\d{{10}})_([0-9a-f]{{4}})_(\d+)(?:_|$)")


_HARNESS_NAME = re.compile(rf"{PREFIX}\d{{10}}_[0-9a-f]{{4}}_\d+(?:_q\d+)?(?:_(\w+))?")
NEUTRAL_DATABASE = "lab"  # what a learner reads in place of the harness's database or schema name


def neutral_names(text: str) -> str:
    """``text`` with the harness's generated names replaced: a database or schema by ``lab``,
    a role made by ``lab.role(name)`` by its own ``name``."""
    if PREFIX not in text:
        return text
    return _HARNESS_NAME.sub(lambda m: m.group(1) or NEUTRAL_DATABASE, text)


def host_tag() -> str:
    return hashlib.sha1(socket.gethostname().encode()).hexdigest()[:4]


@dataclass(frozen=True)
class RunTag:
    """The identity of one harness process, embedded in every name it creates."""

    epoch: int
    host: str
    pid: int

    @classmethod
    def current(cls) -> RunTag:
        return cls(int(time.time()), host_tag(), os.getpid())

    def name(self, suffix: str = "") -> str:
        base = f"{PREFIX}{self.epoch}_{self.host}_{self.pid}"
        return f"{base}_{suffix}" if suffix else base


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def is_leftover(name: str, now: float | None = None, mine: RunTag | None = None) -> bool:
    """Whether ``name`` was made by a harness run that has ended.

    Only names of the harness's own pattern qualify. A name from this host
    qualifies when its process is gone; any name qualifies once it is older
    than :data:`STALE_AFTER`. The current process's names never do.
    """
    match = _NAME.match(name)
    if not match:
        return False
    epoch, host, pid = int(match.group(1)), match.group(2), int(match.group(3))
    if mine is not None and (epoch, host, pid) == (mine.epoch, mine.host, mine.pid):
        return False
    if (now if now is not None else time.time()) - epoch > STALE_AFTER:
        return True
    return host == host_tag() and not _pid_alive(pid)

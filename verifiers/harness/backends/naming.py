"""Names of what the harness creates on a server, and how a run tells its own leftovers from a live run's.

Every name begins with ``proofbank_<epoch>_<token>``: the run's start time and
a random token. Ownership is never guessed from process ids (two machines, or
two containers, can share a host name and a pid): while a run lives it holds a
lock that names its token (a PostgreSQL advisory lock, a MariaDB named lock, a
lock on a file for SQLite), and the lock goes away with the run however it
ends. A later run removes a name only when that lock is free, so it never
touches a live run's objects, however old.

Names of the earlier ``proofbank_<epoch>_<host>_<pid>`` form carry no lock;
they are removed once older than :data:`LEGACY_STALE_AFTER`, by which time
their run has certainly ended.
"""

from __future__ import annotations

import re
import secrets
import time
from dataclasses import dataclass

PREFIX = "proofbank_"
LEGACY_STALE_AFTER = 6 * 3600
_NAME = re.compile(rf"^{PREFIX}(\d{{10}})_([0-9a-f]{{8}})(?:_|$)")
_LEGACY_NAME = re.compile(rf"^{PREFIX}(\d{{10}})_([0-9a-f]{{4}})_(\d+)(?:_|$)")
LOCK_CLASS = 0x50424B  # PostgreSQL advisory locks of the harness: (LOCK_CLASS, token) in pg_locks' (classid, objid)

_HARNESS_NAME = re.compile(
    rf"{PREFIX}\d{{10}}_(?:[0-9a-f]{{8}}|[0-9a-f]{{4}}_\d+)(?:_q\d+)?(?:_(?!sqlite_)(\w+))?")
NEUTRAL_DATABASE = "lab"  # what a learner reads in place of the harness's database or schema name


def neutral_names(text: str) -> str:
    """``text`` with the harness's generated names replaced: a database or schema by ``lab``,
    a role made by ``lab.role(name)`` by its own ``name``."""
    if PREFIX not in text:
        return text
    return _HARNESS_NAME.sub(lambda m: m.group(1) or NEUTRAL_DATABASE, text)


@dataclass(frozen=True)
class RunTag:
    """The identity of one harness process, embedded in every name it creates."""

    epoch: int
    token: str  # 8 random hex digits

    @classmethod
    def current(cls) -> RunTag:
        return cls(int(time.time()), secrets.token_hex(4))

    def name(self, suffix: str = "") -> str:
        base = f"{PREFIX}{self.epoch}_{self.token}"
        return f"{base}_{suffix}" if suffix else base

    @property
    def lock_key(self) -> int:
        """The second half of this run's PostgreSQL advisory lock key (a positive int4)."""
        return lock_key(self.token)


def lock_key(token: str) -> int:
    return int(token, 16) & 0x7FFFFFFF


@dataclass(frozen=True)
class Owner:
    """Whose a harness-made name is: the run's lock name and key, or a legacy name's age."""

    run_name: str  # proofbank_<epoch>_<token>: the name of the run's lock
    token: str | None  # None for a legacy name, which has no lock
    epoch: int


def owner_of(name: str) -> Owner | None:
    """The run that made ``name``; None for a name the harness did not make."""
    match = _NAME.match(name)
    if match:
        epoch, token = int(match.group(1)), match.group(2)
        return Owner(f"{PREFIX}{epoch}_{token}", token, epoch)
    legacy = _LEGACY_NAME.match(name)
    if legacy:
        return Owner(name, None, int(legacy.group(1)))
    return None


def is_leftover(name: str, run_alive: callable, mine: RunTag | None = None, now: float | None = None) -> bool:
    """Whether ``name`` was made by a harness run that has ended, so it may be removed.

    ``run_alive(owner)`` asks the server whether the owner's lock is held.
    This run's own names never qualify; a legacy name (no lock) qualifies only
    once older than :data:`LEGACY_STALE_AFTER`.
    """
    owner = owner_of(name)
    if owner is None:
        return False
    if mine is not None and owner.token == mine.token:
        return False
    if owner.token is None:
        return (now if now is not None else time.time()) - owner.epoch > LEGACY_STALE_AFTER
    return not run_alive(owner)

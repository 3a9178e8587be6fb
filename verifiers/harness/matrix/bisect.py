"""Find the first release where a question's outcome changed, by bisection over a list of releases.

The search is pure: it is given the releases in order and a ``probe`` that runs the question under one
release and returns, per backend, what was observed (:class:`Outcome`), or raises :class:`Unavailable`
when that release cannot be installed or imported. Probes are cached, so the bisections of several
backends share their runs. A release that is unavailable is skipped (the nearest available release in
the interval is tried instead) and named in the result.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


class Unavailable(Exception):
    """A release could not be installed or imported; the message says why."""


@dataclass(frozen=True)
class Outcome:
    """One question on one backend under one release: the run's status and the options observed to hold."""

    status: str  # passed, failed, error, outside, missing
    holding: tuple[str, ...] | None  # letters observed to hold; None when the proof decided nothing

    def differs_from(self, other: Outcome) -> bool:
        """A changed verdict or a changed option; passed/outside with the same observations is no change
        (the same behaviour judged against another range's key)."""
        return self.holding != other.holding or _verdict(self.status) != _verdict(other.status)

    def describe(self) -> str:
        holding = ", ".join(self.holding) if self.holding else "none"
        return f"{self.status} (options that hold: {holding})" if self.holding is not None else self.status


def _verdict(status: str) -> str:
    return "ran" if status in ("passed", "outside", "failed") else status


@dataclass(frozen=True)
class FirstChange:
    """What the bisection of one backend found."""

    backend: str
    last_same: str | None  # the newest release known to behave as the oldest one
    first_changed: str | None  # the oldest release known to behave differently; None: no change at the ends
    before: Outcome | None
    after: Outcome | None
    untested: tuple[str, ...] = ()  # releases between the two that could not be run
    note: str = ""

    @property
    def flipped(self) -> tuple[str, ...]:
        """The options whose observed truth differs between ``before`` and ``after``."""
        if self.before is None or self.after is None or self.before.holding is None or self.after.holding is None:
            return ()
        return tuple(sorted(set(self.before.holding) ^ set(self.after.holding)))


@dataclass
class Probes:
    """The cached probe: each release is run at most once, whatever the number of backends bisected."""

    probe: Callable[[str], dict[str, Outcome]]
    seen: dict[str, dict[str, Outcome] | Unavailable] = field(default_factory=dict)

    def __call__(self, version: str) -> dict[str, Outcome] | None:
        if version not in self.seen:
            try:
                self.seen[version] = self.probe(version)
            except Unavailable as problem:
                self.seen[version] = problem
        found = self.seen[version]
        return None if isinstance(found, Unavailable) else found

    @property
    def runs(self) -> int:
        return len(self.seen)

    @property
    def unavailable(self) -> dict[str, str]:
        return {v: str(p) for v, p in self.seen.items() if isinstance(p, Unavailable)}


def _outcome(probes: Probes, version: str, backend: str) -> Outcome | None:
    found = probes(version)
    if found is None:
        return None
    return found.get(backend, Outcome("missing", None))


def _available_near(probes: Probes, versions: list[str], low: int, high: int, backend: str) -> int | None:
    """The index strictly between ``low`` and ``high`` nearest their middle whose release can be run."""
    middle = (low + high) // 2
    order = sorted(range(low + 1, high), key=lambda i: (abs(i - middle), i))
    for index in order:
        if _outcome(probes, versions[index], backend) is not None:
            return index
    return None


def _end(probes: Probes, versions: list[str], backend: str, indices: range) -> int | None:
    for index in indices:
        if _outcome(probes, versions[index], backend) is not None:
            return index
    return None


def bisect_backend(versions: list[str], probes: Probes, backend: str) -> FirstChange:
    """The first release in ``versions`` (oldest first) where ``backend``'s outcome differs from the oldest
    runnable release's. Assumes one change in the interval (as any bisection does); a change and a change
    back are invisible when both ends agree, and the result says the ends agree."""
    low = _end(probes, versions, backend, range(len(versions)))
    high = _end(probes, versions, backend, range(len(versions) - 1, -1, -1))
    if low is None or high is None:
        return FirstChange(backend, None, None, None, None, note="no release in the range could be run")
    first = _outcome(probes, versions[low], backend)
    last = _outcome(probes, versions[high], backend)
    if not last.differs_from(first):
        return FirstChange(backend, versions[high], None, first, last,
                           note=f"the same on {versions[low]} and {versions[high]}")
    while high - low > 1:
        middle = _available_near(probes, versions, low, high, backend)
        if middle is None:
            break  # every release left between them is unavailable
        if _outcome(probes, versions[middle], backend).differs_from(_outcome(probes, versions[low], backend)):
            high = middle
        else:
            low = middle
    untested = tuple(versions[low + 1:high])
    return FirstChange(backend, versions[low], versions[high], _outcome(probes, versions[low], backend),
                       _outcome(probes, versions[high], backend), untested,
                       note=(f"{', '.join(untested)} could not be run, so the change is somewhere after "
                             f"{versions[low]} up to {versions[high]}") if untested else "")


def bisect(versions: list[str], probe: Callable[[str], dict[str, Outcome]],
           backends: list[str]) -> tuple[list[FirstChange], Probes]:
    """Bisect every backend over ``versions``, sharing the runs; returns the findings and the probe cache."""
    probes = Probes(probe)
    return [bisect_backend(versions, probes, backend) for backend in backends], probes

"""Split a sweep into shards, so any CI system can fan it out: the work is release × backend units."""

from __future__ import annotations

import re
from dataclasses import dataclass

from packaging.version import Version


class ShardError(ValueError):
    """A shard spec that is not ``K/N`` with 1 <= K <= N."""


@dataclass(frozen=True)
class Shard:
    index: int  # 1-based
    count: int

    @classmethod
    def parse(cls, text: str) -> Shard:
        found = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", text or "")
        if not found:
            raise ShardError(f"--shard takes K/N, e.g. 3/8 (the third of eight shards), not {text!r}")
        index, count = int(found.group(1)), int(found.group(2))
        if not 1 <= index <= count:
            raise ShardError(f"--shard {text}: K must be between 1 and N")
        return cls(index, count)

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"


def units(versions: list[str], backends: list[str]) -> list[tuple[str, str]]:
    """Every (release, backend) pair of a sweep, in a fixed order every shard computes alike."""
    return [(v, b) for v in sorted(set(versions), key=Version) for b in backends]


def take(all_units: list[tuple[str, str]], shard: Shard | None) -> dict[str, list[str]]:
    """The backends to run per release in ``shard`` (every unit when there is no shard): round robin, so
    each shard gets a spread of old and new releases."""
    chosen = all_units if shard is None else [u for i, u in enumerate(all_units) if i % shard.count == shard.index - 1]
    plan: dict[str, list[str]] = {}
    for version, backend in chosen:
        plan.setdefault(version, []).append(backend)
    return plan

"""What a question's private database costs on each backend: create it, connect once, drop it.

    .venv/bin/python benchmarks/isolation_cost.py [rounds]

Prints the median time per question for each backend reachable here. This is
a benchmark, not a test: the figures go in the README.
"""

from __future__ import annotations

import statistics
import sys
import time

from sqlalchemy import text

from verifiers.harness.backends.registry import BackendMissing, Backends
from verifiers.harness.backends.sources import urls_from_environment


def measure(backends: Backends, backend: str, rounds: int) -> list[float]:
    server = backends.get(backend)
    timings = []
    for _ in range(rounds):
        started = time.perf_counter()
        with server.question_database() as database:
            engine = database.create_engine()
            with engine.connect() as conn:
                conn.execute(text("SELECT 1"))
            engine.dispose()
        timings.append(time.perf_counter() - started)
    return timings


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 50
    backends = Backends(urls=urls_from_environment(), timeout=60)
    try:
        for backend in ("sqlite", "postgresql", "mariadb"):
            try:
                timings = measure(backends, backend, rounds)
            except BackendMissing as missing:
                print(f"{backend:<11} unavailable: {missing}")
                continue
            print(f"{backend:<11} median {statistics.median(timings) * 1000:6.1f} ms per question "
                  f"(min {min(timings) * 1000:.1f}, max {max(timings) * 1000:.1f}; {rounds} rounds; {backends.get(backend).version})")
    finally:
        backends.close()


if __name__ == "__main__":
    main()

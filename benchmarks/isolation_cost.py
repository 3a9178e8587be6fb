"""What a question's private database costs on each backend, as a question waits for it.

    .venv/bin/python benchmarks/isolation_cost.py [rounds] [proof-ms]

For each backend reachable here, ``rounds`` questions each get their database
(``server.question_database()``), connect once, "prove" for ``proof-ms``
milliseconds (default 60, about the bank's average proof) and give it back.
Prints the median time a question spends waiting on its database beyond its
own work: the databases are made ahead and dropped behind on a background
thread, so this is what isolation costs a run. A benchmark, not a test: the
figures go in the README.
"""

from __future__ import annotations

import statistics
import sys
import time

from sqlalchemy import text

from verifiers.harness.backends.registry import BackendMissing, Backends
from verifiers.harness.backends.sources import urls_from_environment


def measure(backends: Backends, backend: str, rounds: int, proof_seconds: float) -> list[float]:
    server = backends.get(backend)
    timings = []
    for _ in range(rounds):
        started = time.perf_counter()
        with server.question_database() as database:
            server.prepare_next()  # as the runner does once the proof is under way
            entered = time.perf_counter()
            engine = database.create_engine()
            with engine.connect() as conn:
                conn.execute(text("SELECT 1"))
            engine.dispose()
            time.sleep(proof_seconds)
            work = time.perf_counter() - entered
        timings.append(time.perf_counter() - started - work)
    return timings


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 50
    proof_seconds = (float(sys.argv[2]) if len(sys.argv) > 2 else 60.0) / 1000
    backends = Backends(urls=urls_from_environment(), timeout=60)
    try:
        for backend in ("sqlite", "postgresql", "mariadb"):
            try:
                timings = measure(backends, backend, rounds, proof_seconds)
            except BackendMissing as missing:
                print(f"{backend:<11} unavailable: {missing}")
                continue
            print(f"{backend:<11} median {statistics.median(timings) * 1000:6.1f} ms per question "
                  f"(min {min(timings) * 1000:.1f}, max {max(timings) * 1000:.1f}; {rounds} rounds; {backends.get(backend).version})")
    finally:
        backends.close()


if __name__ == "__main__":
    main()

"""How fast the bank is proved, and how much of that time is the harness's own.

    .venv/bin/python benchmarks/bank_speed.py [--size 400] [--only real|synthetic] [--workers 1,2]

For the bank as it is and for a synthetic bank of ``--size`` questions (cloned
from the real ones), runs the README's pytest command once per backend and once
on all three, serially and with ``-n 2``, and prints for each run: the wall
time, the number of items, the sum of the proofs' own time (executing the proof
module and ``prove()``, from the run records), the overhead per item and the
ratio of wall time to proof time, and the peak memory of the largest process.

Overhead per item = (wall x workers - proof time) / items: the core-seconds the
run spent on anything but the proofs (starting pytest, collecting, making and
dropping databases, judging, writing records), per item. A benchmark, not a
test: the figures go in the README.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
from synthetic import clone_bank  # noqa: E402

BACKENDS = ("sqlite", "postgresql", "mariadb")
_MEASURE = """\
import resource, subprocess, sys, time
started = time.perf_counter()
with open(sys.argv[1], "w") as log:
    code = subprocess.run(sys.argv[2:], stdout=log, stderr=subprocess.STDOUT).returncode
wall = time.perf_counter() - started
print(wall, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, code)
"""


@dataclass
class Run:
    label: str
    workers: int
    wall: float
    items: int
    proof: float
    peak_kib: int
    exit_code: int
    failed: list[str]

    @property
    def overhead_ms(self) -> float:
        return (self.wall * self.workers - self.proof) / max(self.items, 1) * 1000

    @property
    def ratio(self) -> float:
        return self.wall * self.workers / self.proof if self.proof else float("inf")

    def row(self) -> str:
        note = "" if self.exit_code == 0 else f"  (pytest exit {self.exit_code}: {'; '.join(self.failed)[:300]})"
        return (f"  {self.label:<26} {self.workers:>2}  {self.wall:7.1f} s  {self.items:5d}  {self.proof:7.1f} s  "
                f"{self.overhead_ms:7.1f} ms  {self.ratio:5.2f}  {self.peak_kib / 1024:6.0f} MiB{note}")


def run(project: Path, backends: str, workers: int, label: str, isolation: str = "process") -> Run:
    """One pytest run of ``project``'s bank on ``backends``, measured from a wrapper process."""
    with tempfile.TemporaryDirectory() as records:
        command = [sys.executable, "-m", "pytest", str(project / "bank"), "-q", "-p", "no:cacheprovider",
                   "-p", "verifiers.harness.plugin", "--rootdir", str(project), "--backend", backends,
                   "--record-dir", records, "--proof-isolation", isolation]
        if workers > 1:
            command += ["-n", str(workers)]
        log = Path(records) / "pytest.log"
        out = subprocess.run([sys.executable, "-c", _MEASURE, str(log), *command], capture_output=True, text=True,
                             cwd=project, check=True).stdout.split()
        wall, peak, code = float(out[0]), int(out[1]), int(out[2])
        failed = [line for line in log.read_text().splitlines() if line.startswith(("FAILED", "ERROR"))]
        proofs = [json.loads(p.read_text()).get("proof_seconds", 0.0) for p in Path(records).rglob("*.json")
                  if p.name != "pytest.log"]
    return Run(label, workers, wall, len(proofs), sum(proofs), peak, code, failed)


def measure(project: Path, title: str, workers: list[int], isolation: str, per_backend: bool) -> None:
    print(f"{title} (--proof-isolation {isolation})")
    print(f"  {'backend':<26} {'-n':>2}  {'wall':>9}  {'items':>5}  {'proofs':>9}  {'overhead':>10}  {'ratio':>5}  {'peak':>10}")
    for count in workers:
        for backend in (*(BACKENDS if per_backend else ()), ",".join(BACKENDS)):
            label = "all three" if "," in backend else backend
            print(run(project, backend, count, label, isolation).row(), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=400, help="questions in the synthetic bank (default 400)")
    parser.add_argument("--only", choices=("real", "synthetic"), help="measure only one of the two banks")
    parser.add_argument("--workers", default="1,2", help="comma-separated worker counts (default 1,2)")
    parser.add_argument("--isolation", default="process", help="comma-separated --proof-isolation modes "
                                                                 "to measure (default process; e.g. process,none)")
    parser.add_argument("--all-only", action="store_true", help="only the run on all three backends, not one per backend")
    args = parser.parse_args()
    workers = [int(w) for w in args.workers.split(",")]
    modes = args.isolation.split(",")
    if args.only != "synthetic":
        for mode in modes:
            measure(ROOT, "the bank as it is", workers, mode, not args.all_only)
    if args.only != "real":
        with tempfile.TemporaryDirectory() as folder:
            synthetic = Path(folder) / "synthetic"
            clone_bank(ROOT, synthetic, args.size, records=False)
            (synthetic / "conftest.py").write_text("")
            for mode in modes:
                measure(synthetic, f"a synthetic bank of {args.size} questions", workers, mode, not args.all_only)


if __name__ == "__main__":
    main()

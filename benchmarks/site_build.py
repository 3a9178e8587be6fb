"""How long `proofbank site` takes: for the bank as it is, and for a synthetic bank of 400 questions.

    .venv/bin/python benchmarks/site_build.py [size] [rounds]

The synthetic bank clones the real questions, their proofs and their records
under new ids in a temporary folder, until it holds ``size`` (default 400)
questions. Records come from .proofbank/records (run `proofbank verify` first
for figures with real SQL). Prints the median build time, the number of files
and the size of the site. A benchmark, not a test: the figures go in the README.
"""

from __future__ import annotations

import itertools
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from verifiers.site import highlight
from verifiers.site.build import build_project_site

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
from synthetic import clone_bank  # noqa: E402


def size_of(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def measure(root: Path, out: Path, rounds: int) -> list[float]:
    timings = []
    for _ in range(rounds):
        for name in dir(highlight):  # every memoised formatter, so each round starts cold
            cache_clear = getattr(getattr(highlight, name), "cache_clear", None)
            if cache_clear is not None:
                cache_clear()
        started = time.perf_counter()
        result = build_project_site(root, out, root / ".proofbank" / "records", root / ".proofbank" / "matrix.json")
        timings.append(time.perf_counter() - started)
    print(f"  {result.pages} questions ({result.verified} verified)", end="")
    return timings


def report(label: str, root: Path, out: Path, rounds: int) -> None:
    print(f"{label}:", end="")
    timings = measure(root, out, rounds)
    files, size = size_of(out)
    print(f": median {statistics.median(timings):.2f} s (min {min(timings):.2f}, max {max(timings):.2f}; "
          f"{rounds} rounds); {files} files, {size / 1e6:.1f} MB")


def main() -> None:
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 400
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    with tempfile.TemporaryDirectory() as folder:
        report("the bank as it is", ROOT, Path(folder) / "site", rounds)
        synthetic = Path(folder) / "synthetic"
        clone_bank(ROOT, synthetic, size)
        report(f"synthetic bank of {size}", synthetic, Path(folder) / "synthetic-site", rounds)


if __name__ == "__main__":
    main()

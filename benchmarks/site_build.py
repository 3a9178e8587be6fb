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

from verifiers.harness.bank import iter_question_paths
from verifiers.site import highlight
from verifiers.site.build import build_project_site

ROOT = Path(__file__).resolve().parent.parent


def clone_bank(source: Path, target: Path, size: int) -> None:
    """Copy ``source``'s questions, proofs and records into ``target``, cloned under new ids up to ``size``."""
    originals = list(iter_question_paths(source / "bank"))
    for n, path in zip(range(size), itertools.cycle(originals)):
        copy = n // len(originals)
        old_id, domain = path.stem, path.parent.name
        new_id = old_id if copy == 0 else f"{old_id}-copy{copy}"
        question = target / "bank" / domain / f"{new_id}.yaml"
        question.parent.mkdir(parents=True, exist_ok=True)
        text = path.read_text(encoding="utf-8")
        question.write_text(text.replace(f"id: {old_id}\n", f"id: {new_id}\n", 1), encoding="utf-8")
        proof = target / "verifiers" / domain / f"{new_id.replace('-', '_')}.py"
        proof.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(source / "verifiers" / domain / f"{old_id.replace('-', '_')}.py", proof)
        for record_path in sorted((source / ".proofbank" / "records" / domain / old_id).glob("*.json")):
            record = json.loads(record_path.read_text(encoding="utf-8"))
            record["id"] = new_id
            out = target / ".proofbank" / "records" / domain / new_id / record_path.name
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(json.dumps(record), encoding="utf-8")


def size_of(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def measure(root: Path, out: Path, rounds: int) -> list[float]:
    timings = []
    for _ in range(rounds):
        highlight.format_sql.cache_clear()
        highlight.sql_html.cache_clear()
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

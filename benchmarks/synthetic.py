"""A synthetic bank of any size, cloned from the real one, so figures at full size are known early."""

from __future__ import annotations

import itertools
import json
import shutil
from pathlib import Path

from verifiers.harness.bank import iter_question_paths


def clone_bank(source: Path, target: Path, size: int, records: bool = True) -> None:
    """Copy ``source``'s questions, proofs and (with ``records``) records into ``target``, cloned under new
    ids up to ``size`` questions."""
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
        if not records:
            continue
        for record_path in sorted((source / ".proofbank" / "records" / domain / old_id).glob("*.json")):
            record = json.loads(record_path.read_text(encoding="utf-8"))
            record["id"] = new_id
            out = target / ".proofbank" / "records" / domain / new_id / record_path.name
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(json.dumps(record), encoding="utf-8")

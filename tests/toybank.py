"""Small question files and proofs, written into a pytester folder laid out like the project."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

TOY_QUESTION = """\
id: {id}
domain: {domain}
level: mid
tags: [toy]
question: How many rows does a new table have after one INSERT and a commit?
options:
  A: "One."
  B: "None: the INSERT needs a flush first."
  C: "Two."
  D: "It depends on the backend."
answer: {answer}
explanation: One row was inserted and committed.
why:
  A: "Right."
  B: "Core has no flush."
  C: "Only one INSERT ran."
  D: "Every backend counts one."
references:
  - https://docs.sqlalchemy.org/en/20/core/connections.html
sqlalchemy: "{sqlalchemy}"
backends: {backends}
title: "Rows after one insert ({id})"
"""

TOY_VOCABULARY = """\
toy:
  about: a toy tag for the harness's own tests
  synonyms: [example]
  topic: true
"""

TOY_PROOF = '''\
from sqlalchemy import Column, Integer, MetaData, Table, func, insert, select

from verifiers import Lab

metadata = MetaData()
thing = Table("thing", metadata, Column("id", Integer, primary_key=True))


def prove(lab: Lab) -> dict[str, bool]:
    metadata.create_all(lab.engine)
    with lab.engine.begin() as conn:
        conn.execute(insert(thing).values(id=1))
{body}
    with lab.other_connection() as other:
        count = lab.fact("rows", other.scalar(select(func.count()).select_from(thing)))
    return {{"A": count == 1, "B": count == 0, "C": count == 2, "D": count not in (0, 1, 2)}}
'''


class ToyBank:
    """Writes questions and proofs into a pytester folder laid out like the project."""

    def __init__(self, pytester: pytest.Pytester) -> None:
        self.pytester = pytester
        self.root = pytester.path
        pytester.makeconftest('pytest_plugins = ["verifiers.harness.plugin"]')
        pytester.makeini("[pytest]\n")
        (self.root / "bank").mkdir(exist_ok=True)
        (self.root / "bank" / "tags.yaml").write_text(TOY_VOCABULARY)

    def add(self, id: str = "toy-count", domain: str = "core", answer: str = "A", body: str = "pass",
            backends: str = "[sqlite]", question: str | None = None, proof: str | None = None,
            sqlalchemy: str = ">=2.0.30") -> tuple[Path, Path]:
        question_path = self.root / "bank" / domain / f"{id}.yaml"
        proof_path = self.root / "verifiers" / domain / f"{id.replace('-', '_')}.py"
        question_path.parent.mkdir(parents=True, exist_ok=True)
        proof_path.parent.mkdir(parents=True, exist_ok=True)
        question_path.write_text(
            question if question is not None else TOY_QUESTION.format(id=id, domain=domain, answer=answer, backends=backends, sqlalchemy=sqlalchemy)
        )
        proof_path.write_text(proof if proof is not None else TOY_PROOF.format(body=textwrap.indent(textwrap.dedent(body).strip(), "    ")))
        return question_path, proof_path

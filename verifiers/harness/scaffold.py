"""``proofbank new``: write a question file and its proof from templates, ready to fill in.

The templates are deliberately incomplete: lint and verification both fail
until the author has written the question, its key and a real decision for
every option.
"""

from __future__ import annotations

import re
from pathlib import Path

from .bank import proof_path_for
from .schema import DOMAINS

QUESTION_TEMPLATE = """\
id: {slug}
title: "TODO: a short heading that names the topic, never the answer"
domain: {domain}
level: mid            # mid or senior
tags: [TODO]          # one to four tags from bank/tags.yaml
question: |
  TODO: the stem. One concept, precise; say which backend if it is about one.
options:
  A: "TODO: a statement the proof can check"
  B: "TODO"
  C: "TODO"
  D: "TODO"
answer: TODO          # a letter, or a list of letters if the stem says "(Select all that apply.)"
explanation: |
  TODO: why the key is right, in your own words.
why:
  A: "TODO: why A is right or wrong, by what the proof observes"
  B: "TODO"
  C: "TODO"
  D: "TODO"
references:
  - https://docs.sqlalchemy.org/en/20/TODO
sqlalchemy: ">=2.0.30,<2.2"
# Every checkable claim of the explanation or a why that no option decides is proved by a fact:
# claims:
#   - says: "sends one SELECT"      # a fragment of the text, word for word
#     fact: statements sent         # the label the proof passes to lab.fact(...)
#     expect: [SELECT]              # the value the text claims
# backends: [postgresql]   # only if the question is about particular backends
"""

PROOF_TEMPLATE = '''\
"""TODO: one line saying what this proof shows."""

from sqlalchemy import String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from verifiers import Lab, run_alone


class Base(DeclarativeBase):
    pass


class Thing(Base):  # TODO: the models the question needs
    __tablename__ = "thing"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))


def prove(lab: Lab) -> dict[str, bool]:
    Base.metadata.create_all(lab.engine)

    with Session(lab.engine) as session:
        session.add(Thing(name="first"))
        session.commit()
        with lab.capture() as sql:
            names = session.scalars(select(Thing.name)).all()  # TODO: the action the question is about

    lab.fact("names loaded", names)
    lab.fact("statements sent", sql.kinds())

    # One decision per option, each computed from an observation above.
    return {{
{decisions}
    }}


if __name__ == "__main__":
    run_alone(__file__)
'''


class ScaffoldError(Exception):
    pass


def scaffold(root: Path, domain: str, slug: str) -> tuple[Path, Path]:
    """Write ``bank/<domain>/<slug>.yaml`` and its proof; refuse to overwrite anything."""
    if domain not in DOMAINS:
        raise ScaffoldError(f"unknown domain {domain!r}; choose one of {', '.join(DOMAINS)}")
    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug):
        raise ScaffoldError(f"{slug!r} is not a slug: use lowercase words joined by hyphens, e.g. flush-does-not-commit")
    question_path = root / "bank" / domain / f"{slug}.yaml"
    proof_path = proof_path_for(question_path)
    for path in (question_path, proof_path):
        if path.exists():
            raise ScaffoldError(f"{path} already exists; nothing was written")
    existing = [p for p in (root / "bank").glob(f"*/{slug}.yaml")]
    if existing:
        raise ScaffoldError(f"the id {slug!r} is already used by {existing[0]}; nothing was written")
    question_path.parent.mkdir(parents=True, exist_ok=True)
    proof_path.parent.mkdir(parents=True, exist_ok=True)
    init = proof_path.parent / "__init__.py"
    if not init.exists():
        init.write_text("", encoding="utf-8")
    decisions = "\n".join(f'        "{letter}": ...,  # TODO' for letter in "ABCD")
    question_path.write_text(QUESTION_TEMPLATE.format(slug=slug, domain=domain), encoding="utf-8")
    proof_path.write_text(PROOF_TEMPLATE.format(decisions=decisions), encoding="utf-8")
    return question_path, proof_path
